import CalDAV
import ClientSupport
import Foundation
import Testing
@testable import Notifier

/// How the directory tells a calendar refused for good (disconnected) from one not answering.
struct CalendarDirectoryTests {
    static func directory() -> (CalendarDirectory, String) {
        let url = URL(string: "http://127.0.0.1:9/host/cal/")!
        let source = CalDAVCalendarSource(client: CalDAVClient(username: "u", password: Secret("p"), httpClient: .shared), calendars: [url],
                                          statuses: StatusCategories(success: "10", failure: "11", confirmed: "9"), zone: .gmt)
        return (CalendarDirectory([([url.absoluteString], source)]), url.absoluteString)
    }

    @Test func aServerNotAnsweringForThreeRoundsIsShownButNotDisconnected() {
        let (directory, calendar) = Self.directory()
        let down = CalDAVError.transport("connection refused")
        directory.record(calendarID: calendar, error: down)
        directory.record(calendarID: calendar, error: down)
        #expect(directory.unanswered().isEmpty, "two rounds may be a blip")
        directory.record(calendarID: calendar, error: down)
        #expect(directory.unanswered().map(\.calendar) == [calendar])
        #expect(directory.disconnections.isEmpty, "its credentials still hold")
        directory.record(calendarID: calendar, error: nil)
        #expect(directory.unanswered().isEmpty)
    }

    @Test func refusedCredentialsAreDisconnectedAtOnce() {
        let (directory, calendar) = Self.directory()
        directory.record(calendarID: calendar, error: CalDAVError.credentialsRefused("127.0.0.1"))
        #expect(directory.disconnections.map(\.calendar) == [calendar] && directory.disconnections.first?.kind == "CalDAV")
        #expect(directory.unanswered(forRounds: 1).isEmpty)
        directory.record(calendarID: calendar, error: nil)
        #expect(directory.disconnections.isEmpty)
    }
}
