import AsyncHTTPClient
import CalDAV
import ClientSupport
import Emulators
import Foundation
import Testing
@testable import Notifier

/// A calendar's own zone (`calendar-timezone`, RFC 4791 §5.2.2) on a real server: floating times
/// are read in it and times written in UTC are shown in it (found by review: both were UTC).
@Suite(.serialized)
struct CalendarZoneTests {
    static let kolkata = """
        BEGIN:VCALENDAR\r
        PRODID:-//tests//EN\r
        VERSION:2.0\r
        BEGIN:VTIMEZONE\r
        TZID:Asia/Kolkata\r
        BEGIN:STANDARD\r
        DTSTART:19700101T000000\r
        TZOFFSETFROM:+0530\r
        TZOFFSETTO:+0530\r
        END:STANDARD\r
        END:VTIMEZONE\r
        END:VCALENDAR\r

        """

    @Test func floatingTimesAreReadAndUTCTimesShownInTheCalendarsZone() async throws {
        guard CalDAVServer.Kind.radicale.isInstalled else { return print("skipped: radicale is not installed (pip install radicale)") }
        let server = try await CalDAVServer(.radicale)
        let calendar = try await server.makeCalendar("Clinic")
        var request = HTTPClientRequest(url: calendar.absoluteString)
        request.method = .init(rawValue: "PROPPATCH")
        request.headers.add(name: "Authorization", value: "Basic " + Data("\(CalDAVServer.user):\(CalDAVServer.password)".utf8).base64EncodedString())
        request.headers.add(name: "Content-Type", value: "application/xml")
        let escaped = Self.kolkata.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        request.body = .bytes(Array("""
            <?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>\
            <c:calendar-timezone>\(escaped)</c:calendar-timezone></d:prop></d:set></d:propertyupdate>
            """.utf8))
        #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(10)).status.code == 207)

        let client = CalDAVClient(username: CalDAVServer.user, password: Secret(CalDAVServer.password), httpClient: .shared)
        func event(_ uid: String, _ start: String) -> String {
            ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//EN", "BEGIN:VEVENT", "UID:\(uid)", "DTSTAMP:20261201T090000Z",
             "DTSTART:\(start)", "SUMMARY:Check-up", "LOCATION:+91 98765 43210", "END:VEVENT", "END:VCALENDAR", ""].joined(separator: "\r\n")
        }
        try await client.put(event("floating", "20271214T150000"), at: calendar.appendingPathComponent("floating.ics"), creating: true)
        try await client.put(event("utc", "20271215T093000Z"), at: calendar.appendingPathComponent("utc.ics"), creating: true)

        let source = try await CalDAVCalendarSource.connect(
            CalDAVSettings(url: calendar, username: CalDAVServer.user, password: Secret(CalDAVServer.password), calendars: []),
            httpClient: .shared, statuses: ("10", "11", "9"))
        let window = DateInterval(start: ISO8601DateFormatter().date(from: "2027-12-01T00:00:00Z")!, duration: 30 * 86_400)
        let changes = try await source.changes(calendarID: calendar.absoluteString, since: nil, window: window)
        #expect(changes.timeZone == "Asia/Kolkata")
        let floating = try #require(changes.events.first { $0.id == "floating.ics" })
        #expect(floating.start?.instant == ISO8601DateFormatter().date(from: "2027-12-14T09:30:00Z"), "15:00 in Kolkata")
        let utc = try #require(changes.events.first { $0.id == "utc.ics" })
        #expect(utc.start?.instant == ISO8601DateFormatter().date(from: "2027-12-15T09:30:00Z") && utc.start?.timeZone == "Asia/Kolkata")
    }
}
