import AsyncHTTPClient
import CalDAV
import ClientSupport
import Emulators
import Foundation
import Testing
@testable import Notifier

/// Which calendar is watched when `CALDAV_CALENDARS` names none (DESIGN.md §23): the server's
/// default (`schedule-default-calendar-URL`, RFC 6638), else the only one; several and no default
/// is a problem that lists them.
@Suite(.serialized)
struct DefaultCalendarTests {
    static func settings(_ root: URL) -> CalDAVSettings {
        CalDAVSettings(url: root, username: CalDAVServer.user, password: Secret(CalDAVServer.password), calendars: [])
    }

    /// A second event calendar beside the first (`MKCALENDAR`, RFC 4791 §5.3.1).
    static func makeSecondCalendar(on server: CalDAVServer, path: String) async throws {
        var request = HTTPClientRequest(url: server.root.appendingPathComponent(path).absoluteString)
        request.method = .init(rawValue: "MKCALENDAR")
        request.headers.add(name: "Authorization", value: "Basic " + Data("\(CalDAVServer.user):\(CalDAVServer.password)".utf8).base64EncodedString())
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        #expect(response.status.code == 201, "MKCALENDAR answered \(response.status.code)")
    }

    @Test func xandikosNamesItsDefaultCalendarAndThatOneIsWatched() async throws {
        guard CalDAVServer.Kind.xandikos.isInstalled else { return print("skipped: xandikos is not installed (pip install xandikos)") }
        let server = try await CalDAVServer(.xandikos)
        let main = try await server.makeCalendar("Coaching")
        try await Self.makeSecondCalendar(on: server, path: "\(CalDAVServer.user)/calendars/holidays/")
        let source = try await CalDAVCalendarSource.connect(Self.settings(server.root), httpClient: .shared, statuses: ("10", "11", "9"))
        #expect(source.calendarIDs == [main.absoluteString], "path taken: schedule-default-calendar-URL")
    }

    @Test func radicaleHasNoDefaultSoSeveralCalendarsAreListed() async throws {
        guard CalDAVServer.Kind.radicale.isInstalled else { return print("skipped: radicale is not installed (pip install radicale)") }
        let server = try await CalDAVServer(.radicale)
        let only = try await server.makeCalendar("Coaching")
        let source = try await CalDAVCalendarSource.connect(Self.settings(server.root), httpClient: .shared, statuses: ("10", "11", "9"))
        #expect(source.calendarIDs == [only.absoluteString], "path taken: the only event calendar")
        _ = try await server.makeCalendar("Holidays")
        do {
            _ = try await CalDAVCalendarSource.connect(Self.settings(server.root), httpClient: .shared, statuses: ("10", "11", "9"))
            Issue.record("two calendars and no default were accepted")
        } catch {
            #expect("\(error)".contains("several calendars found and CALDAV_CALENDARS names none") && "\(error)".contains("\"Holidays\""))
        }
    }
}
