import CalDAV
import ClientSupport
import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// A host whose appointments live in a CalDAV calendar (no Google at all): the whole service,
/// its loops and its pages, against a real Radicale server on loopback (DESIGN.md §23).
@Suite(.serialized)
struct CalDAVFlowTests {
    static func withCalDAVHost(on kind: CalDAVServer.Kind = .radicale, _ body: (ServiceWorld, CalDAVClient, URL) async throws -> Void)
        async throws {
        guard kind.isInstalled else {
            print("skipped: \(kind) is not installed (pip install \(kind))")
            return
        }
        let server = try await CalDAVServer(kind)
        let calendar = try await server.makeCalendar("Coaching")
        let settings = [
            "GOOGLE_CALENDAR_ID": "", "GOOGLE_SERVICE_ACCOUNT_FILE": "", "GOOGLE_PUSH": "off",
            "CALDAV_URL": server.root.absoluteString, "CALDAV_USERNAME": CalDAVServer.user, "CALDAV_PASSWORD": CalDAVServer.password,
        ]
        let client = CalDAVClient(username: CalDAVServer.user, password: Secret(CalDAVServer.password), httpClient: .shared)
        try await ServiceWorld.run(settings) { world in try await body(world, client, calendar) }
    }

    static func session(start: Date, location: String = "098765 43210", extra: String = "") -> String {
        [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//EN", "BEGIN:VEVENT", "UID:caldav-\(UUID().uuidString)",
            "DTSTAMP:20261201T090000Z", "DTSTART:\(ICalendarTime.utcText(start))", "DTEND:\(ICalendarTime.utcText(start.addingTimeInterval(3_600)))",
            "SUMMARY:Coaching", "LOCATION:\(location)", extra, "END:VEVENT", "END:VCALENDAR", "",
        ].filter { !$0.isEmpty }.joined(separator: "\r\n") + "\r\n"
    }

    @Test(arguments: CalDAVServer.Kind.allCases)
    func createMoveAndDeleteAreAnnouncedAndTheEventShowsTheOutcome(_ kind: CalDAVServer.Kind) async throws {
        try await Self.withCalDAVHost(on: kind) { world, client, calendar in
            let url = calendar.appendingPathComponent("session.ics")
            let start = Date().addingTimeInterval(48 * 3_600).rounded()
            try await client.put(Self.session(start: start), at: url, creating: true)
            try await world.pass()
            let scheduled = try #require(await world.twilio.messages(to: ServiceWorld.attendee).last)
            #expect(scheduled.body.contains("Coaching") && scheduled.body.contains("Cancel: "))
            // Written back: the links block and the "delivered" status.
            try await eventually("the status shown") {
                let text = try await client.resource(at: url).text
                return text.contains("CATEGORIES:WhatsApp delivered") && text.contains("Cancel: ") ? true : nil
            }

            // Moved by the host: one rescheduled message.
            let current = try await client.resource(at: url)
            let moved = start.addingTimeInterval(3_600)
            let edited = current.text.replacingOccurrences(of: "DTSTART:\(ICalendarTime.utcText(start))", with: "DTSTART:\(ICalendarTime.utcText(moved))")
                .replacingOccurrences(of: "DTEND:\(ICalendarTime.utcText(start.addingTimeInterval(3_600)))",
                                      with: "DTEND:\(ICalendarTime.utcText(moved.addingTimeInterval(3_600)))")
            try await client.put(edited, at: url, ifMatch: current.etag)
            try await world.pass()
            #expect(await world.twilio.messages(to: ServiceWorld.attendee).count == 2)
            #expect(try await world.outbox().map(\.kind) == [.scheduled, .rescheduled])

            // A restart resumes from the stored sync token: nothing is sent twice.
            try await world.restart()
            try await world.pass()
            #expect(await world.twilio.messages(to: ServiceWorld.attendee).count == 2)

            // Deleted by the host: one cancelled message.
            try await client.delete(at: url)
            try await world.pass()
            #expect(try await world.outbox().map(\.kind) == [.scheduled, .rescheduled, .cancelled])
        }
    }

    @Test func theCancelLinkDeletesTheEventOnTheServer() async throws {
        try await Self.withCalDAVHost { world, client, calendar in
            let url = calendar.appendingPathComponent("cancel-me.ics")
            try await client.put(Self.session(start: Date().addingTimeInterval(48 * 3_600).rounded()), at: url, creating: true)
            try await world.pass()
            let page = try await TrustTests.cancelPage(in: world)
            let answer = try await TrustTests.confirm(page, in: world)
            #expect(answer.status == 200)
            try await world.settle()
            await #expect(throws: CalDAVError.self) { try await client.resource(at: url) }
            try await world.pass()
            #expect(try await world.outbox().map(\.kind) == [.scheduled, .cancelled])
        }
    }

    /// Found by review: an instance moved by an app that writes no LAST-MODIFIED was not told.
    @Test func anInstanceMovedByAnAppWithoutLastModifiedIsAnnounced() async throws {
        try await Self.withCalDAVHost { world, client, calendar in
            let url = calendar.appendingPathComponent("weekly-moved.ics")
            let start = Date().addingTimeInterval(48 * 3_600).rounded()
            let series = Self.session(start: start, extra: "RRULE:FREQ=WEEKLY;COUNT=6")
            try await client.put(series, at: url, creating: true)
            try await world.pass()
            #expect(await world.twilio.messages(to: ServiceWorld.attendee).count == 1)
            // iCalendar stamps have whole seconds: the host's edit comes in a later second than the announcement.
            let announced = Date()
            try await eventually("the next second") { Date().timeIntervalSince(announced) >= 1.05 ? true : nil }
            let uid = try #require(series.firstMatch(of: #/UID:(\S+)/#).map { String($0.1) })
            let second = start.addingTimeInterval(7 * 86_400)
            let current = try await client.resource(at: url)
            let override = ["BEGIN:VEVENT", "UID:\(uid)", "RECURRENCE-ID:\(ICalendarTime.utcText(second))", "DTSTAMP:\(ICalendarTime.utcText(Date()))",
                            "DTSTART:\(ICalendarTime.utcText(second.addingTimeInterval(86_400)))",
                            "DTEND:\(ICalendarTime.utcText(second.addingTimeInterval(86_400 + 3_600)))", "SUMMARY:Coaching",
                            "LOCATION:098765 43210", "END:VEVENT"].joined(separator: "\r\n")
            let moved = current.text.replacingOccurrences(of: "END:VCALENDAR", with: override + "\r\nEND:VCALENDAR")
            try await client.put(moved, at: url, ifMatch: current.etag)
            try await world.pass()
            let messages = await world.twilio.messages(to: ServiceWorld.attendee)
            #expect(messages.count == 2 && messages.last?.body.contains("moved") == true, "\(messages.map(\.body))")
        }
    }

    @Test func aWeeklySeriesIsAnnouncedOnce() async throws {
        try await Self.withCalDAVHost { world, client, calendar in
            let url = calendar.appendingPathComponent("weekly.ics")
            try await client.put(Self.session(start: Date().addingTimeInterval(48 * 3_600).rounded(), extra: "RRULE:FREQ=WEEKLY;COUNT=6"),
                                 at: url, creating: true)
            try await world.pass()
            #expect(await world.twilio.messages(to: ServiceWorld.attendee).count == 1, "one message for the series")
        }
    }
}

extension Date {
    /// Whole seconds, as iCalendar writes times.
    func rounded() -> Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
