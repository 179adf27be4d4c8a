import Foundation
import Testing
import TestSupport
@testable import Notifier

@Suite struct MessageTextTests {
    /// Tue 24 Nov 2026, 15:00 in India.
    let start = Date(timeIntervalSince1970: 1_795_512_600)
    let links = NoticeLinks(cancel: "https://book.example.com/r/AAAAAAAAAA", reschedule: "https://book.example.com/r/BBBBBBBBBB")
    let text = NoticeText(templates: .builtIn, bookingURL: URL(string: "https://calendly.com/host/session"))

    func notice(_ kind: Decision.Kind, summary: String = "Coaching session", previous: Date? = nil) -> OutboxMessage {
        OutboxMessage(
            id: nil, calendarID: "host@example.com", eventID: "e1", noticeKey: "r1", kind: kind, phone: "+919876543210",
            summary: summary, startAt: start, previousStartAt: previous, timeZone: "Asia/Kolkata", sequence: 0,
            state: .pending, twilioSID: nil, attempts: 0, nextAttemptAt: start, lastAttemptAt: nil, error: nil,
            createdAt: start, body: nil, contentSID: nil, contentVariables: nil, cancelCode: nil, rescheduleCode: nil,
            writebackDue: false, forGroup: false)
    }

    @Test func scheduledTextIsTheDesignText() {
        #expect(text.body(for: notice(.scheduled), links: links) == """
            Your session "Coaching session" is scheduled for Tue 24 Nov, 3:00 PM (IST).

            Need to change it?
            Cancel: https://book.example.com/r/AAAAAAAAAA
            Reschedule: https://book.example.com/r/BBBBBBBBBB
            """)
    }

    @Test func rescheduledTextHasBothTimes() {
        let previous = start.addingTimeInterval(-86_400 - 1_800)
        #expect(text.body(for: notice(.rescheduled, previous: previous), links: links) == """
            Your session "Coaching session" has moved to Tue 24 Nov, 3:00 PM (IST). The earlier time, \
            Mon 23 Nov, 2:30 PM (IST), is cancelled.

            Need to change it?
            Cancel: https://book.example.com/r/AAAAAAAAAA
            Reschedule: https://book.example.com/r/BBBBBBBBBB
            """)
    }

    @Test func cancelledTextOffersBookingWhenConfigured() {
        #expect(text.body(for: notice(.cancelled), links: nil) == """
            Your session "Coaching session" on Tue 24 Nov, 3:00 PM (IST) has been cancelled.
            Book a new time: https://calendly.com/host/session
            """)
        let withoutCalendly = NoticeText(templates: .builtIn, bookingURL: nil)
        #expect(withoutCalendly.body(for: notice(.cancelled), links: nil)
            == "Your session \"Coaching session\" on Tue 24 Nov, 3:00 PM (IST) has been cancelled.")
    }

    @Test func noRescheduleLineWithoutCalendly() {
        let body = text.body(for: notice(.scheduled), links: NoticeLinks(cancel: "https://x.example/r/CCCCCCCCCC", reschedule: nil))
        #expect(body.hasSuffix("Need to change it?\nCancel: https://x.example/r/CCCCCCCCCC"))
    }

    @Test func summariesAreNotHTMLEscaped() {
        let body = text.body(for: notice(.scheduled, summary: "Tom & Jerry <intro> \"1:1\""), links: links)
        #expect(body.hasPrefix("Your session \"Tom & Jerry <intro> \"1:1\"\" is scheduled"))
    }

    @Test(arguments: [
        ("Asia/Kolkata", "Tue 24 Nov, 3:00 PM (IST)"),
        ("America/New_York", "Tue 24 Nov, 4:30 AM (EST)"),
        ("Europe/Berlin", "Tue 24 Nov, 10:30 AM (CET)"),
        ("Australia/Sydney", "Tue 24 Nov, 8:30 PM (AEDT)"),
        ("Europe/London", "Tue 24 Nov, 9:30 AM (GMT)"),
        ("UTC", "Tue 24 Nov, 9:30 AM (UTC)"),
        ("America/Sao_Paulo", "Tue 24 Nov, 6:30 AM (GMT-3)"),
    ])
    func sessionTimeInTheEventZone(zone: String, expected: String) {
        #expect(SessionTime.text(start, in: SessionTime.zone(zone)) == expected)
    }

    @Test func contentVariablesAreNumberedPerKind() {
        let previous = start.addingTimeInterval(-3_600)
        #expect(text.contentVariables(for: notice(.scheduled), links: links)
            == ["Coaching session", "Tue 24 Nov, 3:00 PM (IST)", links.cancel, links.reschedule!])
        #expect(text.contentVariables(for: notice(.rescheduled, previous: previous), links: links) == [
            "Coaching session", "Tue 24 Nov, 3:00 PM (IST)", "Tue 24 Nov, 2:00 PM (IST)", links.cancel, links.reschedule!,
        ])
        #expect(text.contentVariables(for: notice(.cancelled), links: nil)
            == ["Coaching session", "Tue 24 Nov, 3:00 PM (IST)", "https://calendly.com/host/session"])
        let withoutCalendly = NoticeLinks(cancel: links.cancel, reschedule: nil)
        #expect(text.contentVariables(for: notice(.scheduled), links: withoutCalendly).count == 3)
    }

    @Test func sessionListNumbersEachSession() {
        let list = text.sessionList([
            (start, "Asia/Kolkata", "Coaching session"),
            (start.addingTimeInterval(7 * 86_400), "Asia/Kolkata", "Follow-up"),
        ])
        #expect(list == """
            Your sessions in the next 30 days:
            1. Tue 24 Nov, 3:00 PM (IST): Coaching session
            2. Tue 1 Dec, 3:00 PM (IST): Follow-up
            """)
        #expect(text.sessionList([]) == "You have no sessions in the next 30 days.")
    }
}
