public import AsyncHTTPClient
import CalDAV
public import Foundation

extension CalDAVCalendarSource {
    /// The account's watched calendars, found on the server (DESIGN.md §23): those
    /// `CALDAV_CALENDARS` names (by display name or URL), else the server's default calendar
    /// (`schedule-default-calendar-URL`), else the only event calendar. A name that matches nothing,
    /// or several calendars with no default and none named, is a problem that lists those found.
    public static func connect(_ settings: CalDAVSettings, httpClient: HTTPClient, statuses: (success: String, failure: String, confirmed: String),
                               zone: TimeZone = TimeZone(identifier: "UTC")!) async throws -> CalDAVCalendarSource {
        let client = CalDAVClient(username: settings.username, password: settings.password, httpClient: httpClient)
        let found = try await client.calendars(from: settings.url)
        let chosen = try choose(settings.calendars, among: found, server: settings.url)
        var source = CalDAVCalendarSource(client: client, calendars: chosen.map(\.url),
                                          statuses: StatusCategories(success: statuses.success, failure: statuses.failure, confirmed: statuses.confirmed),
                                          zone: zone)
        source.zones = Dictionary(chosen.compactMap { calendar in calendar.timeZone.map { (calendar.url.absoluteString, $0) } },
                                  uniquingKeysWith: { first, _ in first })
        return source
    }

    static func choose(_ wanted: [String], among found: [CalDAVCalendar], server: URL) throws -> [CalDAVCalendar] {
        let listing = found.map { "\"\($0.displayName ?? $0.url.lastPathComponent)\" (\($0.url.absoluteString))" }.joined(separator: ", ")
        guard !wanted.isEmpty else {
            if let main = found.first(where: \.isDefault) { return [main] }
            guard found.count == 1 else {
                throw CalDAVSetupProblem(description: found.isEmpty
                    ? "no event calendar found at \(server.absoluteString)"
                    : "several calendars found and CALDAV_CALENDARS names none: \(listing)")
            }
            return found
        }
        return try wanted.map { name in
            let match = found.first { calendar in
                calendar.displayName?.caseInsensitiveCompare(name) == .orderedSame || calendar.url.absoluteString == name
                    || calendar.url.path == name || calendar.url.absoluteString == name + "/"
            }
            guard let match else {
                throw CalDAVSetupProblem(description: "CALDAV_CALENDARS names \"\(name)\", which is not among the calendars found: \(listing)")
            }
            return match
        }
    }
}

/// A CalDAV setting that does not match the server.
public struct CalDAVSetupProblem: Error, CustomStringConvertible {
    public let description: String
}
