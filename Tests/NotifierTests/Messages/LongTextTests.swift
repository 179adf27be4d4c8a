import Foundation
import Testing
@testable import Notifier

/// WhatsApp takes 1,600 characters a message: what would be longer still goes, shortened.
@Suite struct LongTextTests {
    /// Tue 24 Nov 2026, 15:00 in India.
    let start = Date(timeIntervalSince1970: 1_795_512_600)
    let links = NoticeLinks(cancel: "https://book.example.com/r/AAAAAAAAAA", reschedule: "https://book.example.com/r/BBBBBBBBBB")
    let text = NoticeText(templates: .builtIn, bookingURL: URL(string: "https://calendly.com/host/session"))

    func notice(summary: String) -> OutboxMessage {
        OutboxMessage(
            id: nil, calendarID: "host@example.com", eventID: "e1", noticeKey: "r1", kind: .scheduled, phone: "+919876543210",
            summary: summary, startAt: start, previousStartAt: nil, timeZone: "Asia/Kolkata", sequence: 0,
            state: .pending, twilioSID: nil, attempts: 0, nextAttemptAt: start, lastAttemptAt: nil, error: nil,
            createdAt: start, body: nil, contentSID: nil, contentVariables: nil, cancelCode: nil, rescheduleCode: nil,
            writebackDue: false, forGroup: false)
    }

    @Test func aTitlePastedLongIsCutAndTheMessageKeepsItsLinks() {
        let agenda = "Agenda: " + String(repeating: "review the week's exercises and plan the next ones; ", count: 60)
        let body = text.body(for: notice(summary: agenda), links: links)
        #expect(body.utf16.count <= MessageTitle.messageLength)
        #expect(body.contains("…\" is scheduled"))
        #expect(body.hasSuffix("Reschedule: https://book.example.com/r/BBBBBBBBBB"))
        #expect(body.utf16.count > MessageTitle.messageLength - 40, "cut only as far as needed")
        #expect(text.contentVariables(for: notice(summary: agenda), links: links)[0].count == MessageTitle.shortLength)
        // A title of usual length is quoted whole.
        #expect(MessageTitle.short("Coaching session") == "Coaching session")
    }

    @Test func titlesAreMeasuredAsTwilioMeasuresThem() {
        // An emoji is two UTF-16 units, a family of four eleven (found in review).
        let thumbs = String(repeating: "👍", count: 1_000)
        let body = text.body(for: notice(summary: thumbs), links: links)
        #expect(body.utf16.count <= MessageTitle.messageLength && body.utf16.count > MessageTitle.messageLength - 40)
        let families = String(repeating: "👨‍👩‍👧‍👦", count: 160)
        #expect(MessageTitle.short(families).utf16.count <= MessageTitle.shortLength)
        let list = text.sessionList([(start, "Asia/Kolkata", families)], feedURL: "https://book.example.com/feed/abc.ics")
        #expect(list.utf16.count <= MessageTitle.messageLength)
    }

    @Test func directionControlsInATitleAreLeftOut() {
        // U+202E would show the rest of the line, the date included, reversed.
        let body = text.body(for: notice(summary: "Coaching \u{202E}MP 00:3"), links: links)
        #expect(body.hasPrefix("Your session \"Coaching MP 00:3\" is scheduled"))
        #expect(!body.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) })
        // A title of nothing but controls is no title.
        #expect(text.body(for: notice(summary: "\u{2067}\u{2069}"), links: links).hasPrefix("Your session is scheduled"))
    }

    @Test func aMonthOfDailySessionsListsWhatFitsAndSaysThereIsMore() {
        let sessions = (0..<30).map { day in
            (start: start.addingTimeInterval(Double(day) * 86_400), timeZone: String?("Asia/Kolkata"), summary: "Physiotherapy follow-up, knee")
        }
        let list = text.sessionList(sessions, feedURL: "https://book.example.com/feed/abc.ics")
        #expect(list.utf16.count <= MessageTitle.messageLength)
        #expect(list.hasPrefix("Your sessions in the next 30 days:\n1. Tue 24 Nov, 3:00 PM (IST): Physiotherapy follow-up, knee\n"))
        let rows = list.split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(rows.count > 10 && rows.count < 30)
        #expect(rows.last == "\(rows.count). …")
        #expect(list.hasSuffix("Add them to your calendar: https://book.example.com/feed/abc.ics"))
        // The same list, short enough, is whole.
        #expect(!text.sessionList(Array(sessions.prefix(5))).contains("…"))
    }
}
