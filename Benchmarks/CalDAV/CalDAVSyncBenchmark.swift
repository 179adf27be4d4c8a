import AsyncHTTPClient
import CalDAV
import CalendarModel
import ClientSupport
import Emulators
import Foundation
import Notifier

/// What one incremental sync of a CalDAV calendar costs (issue 27): a calendar of N events on a
/// real Radicale (or Xandikos) on loopback, one event changed, then one `changes(since:)`: its
/// requests and bytes, for N = 100 and 1,000. With `sync-collection` they must not grow with N.
///
///     swift build -c release --product CalDAVBenchmark && .build/release/CalDAVBenchmark [radicale|xandikos]
@main
struct CalDAVSyncBenchmark {
    static func main() async throws {
        let kind = CommandLine.arguments.dropFirst().first.flatMap(CalDAVServer.Kind.init(rawValue:)) ?? .radicale
        guard kind.isInstalled else {
            print("\(kind) is not installed: pip install \(kind)")
            return
        }
        print("| \(kind): events in the calendar | requests | bytes sent | bytes received | events read |")
        print("| --- | --- | --- | --- | --- |")
        for size in [100, 1_000] { try await measure(kind, size: size) }
    }

    static func measure(_ kind: CalDAVServer.Kind, size: Int) async throws {
        let server = try await CalDAVServer(kind)
        let calendar = try await server.makeCalendar("Bench")
        let traffic = CalDAVTraffic()
        let client = CalDAVClient(username: CalDAVServer.user, password: Secret(CalDAVServer.password), httpClient: .shared, traffic: traffic)
        let source = CalDAVCalendarSource(client: client, calendars: [calendar],
                                          statuses: StatusCategories(success: "10", failure: "11", confirmed: "9"), zone: .gmt)
        let first = Date().addingTimeInterval(86_400).timeIntervalSince1970.rounded(.down)
        for index in 0..<size {
            try await client.put(event(index, start: Date(timeIntervalSince1970: first + Double(index) * 600)),
                                 at: calendar.appendingPathComponent("e\(index).ics"), creating: true)
        }
        let window = DateInterval(start: Date().addingTimeInterval(-86_400), duration: 90 * 86_400)
        let full = try await source.changes(calendarID: calendar.absoluteString, since: nil, window: window)
        // One event moved by the host.
        let moved = calendar.appendingPathComponent("e\(size / 2).ics")
        let current = try await client.resource(at: moved)
        try await client.put(event(size / 2, start: Date(timeIntervalSince1970: first + 3_600 * 24 * 30)), at: moved, ifMatch: current.etag)
        traffic.reset()
        let delta = try await source.changes(calendarID: calendar.absoluteString, since: full.cursor, window: window)
        print("| \(size) | \(traffic.requests) | \(traffic.bytesSent) | \(traffic.bytesReceived) | \(delta.events.count) |")
    }

    static func event(_ index: Int, start: Date) -> String {
        [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN", "BEGIN:VEVENT", "UID:bench-\(index)", "DTSTAMP:20261201T090000Z",
            "DTSTART:\(ICalendarTime.utcText(start))", "DTEND:\(ICalendarTime.utcText(start.addingTimeInterval(1_800)))",
            "SUMMARY:Session \(index)", "LOCATION:+1415555\(String(format: "%04d", index))", "END:VEVENT", "END:VCALENDAR", "",
        ].joined(separator: "\r\n")
    }
}
