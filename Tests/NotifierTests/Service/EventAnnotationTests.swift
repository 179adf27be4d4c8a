import Foundation
import GoogleCalendar
import Testing
@testable import Notifier

/// What the service writes into an event: the host's text always kept, its own lines replaced.
struct EventAnnotationTests {
    let base = URL(string: "https://book.example.com")!

    func message(_ state: OutboxMessage.State, error: String? = nil, cancel: String? = "CANCEL00001", reschedule: String? = "RESCHED0001") -> OutboxMessage {
        OutboxMessage(
            id: 1, calendarID: "c", eventID: "e", noticeKey: "r1", kind: .scheduled, phone: "+919876543210",
            summary: "Yoga", startAt: .now, previousStartAt: nil, timeZone: nil, sequence: 0, state: state,
            twilioSID: nil, attempts: 1, nextAttemptAt: .now, lastAttemptAt: nil, error: error, createdAt: .now,
            body: "…", contentSID: nil, contentVariables: nil, cancelCode: cancel, rescheduleCode: reschedule,
            writebackDue: true)
    }

    func annotation(_ message: OutboxMessage) -> EventAnnotation {
        EventAnnotation(latest: message, publicBaseURL: base, successColorID: "10", failureColorID: "11")
    }

    let block = """
        Attendee on WhatsApp: https://wa.me/919876543210
        Cancel: https://book.example.com/r/CANCEL00001
        Reschedule: https://book.example.com/r/RESCHED0001
        """

    @Test func theBlockGoesAfterTheHostsTextAndIsReplacedNotRepeated() {
        let first = annotation(message(.queued)).description(from: "Bring a mat\n#notify")
        #expect(first == "Bring a mat\n#notify\n\n\(block)")
        let edited = first.replacingOccurrences(of: "Bring a mat", with: "Bring a mat and water")
        let newer = annotation(message(.queued, cancel: "CANCEL00002", reschedule: nil)).description(from: edited)
        #expect(newer == """
            Bring a mat and water
            #notify

            Attendee on WhatsApp: https://wa.me/919876543210
            Cancel: https://book.example.com/r/CANCEL00002
            """)
    }

    @Test func aFailureLineGoesOnTopAndALaterSuccessRemovesIt() {
        let failed = annotation(message(.failed, error: "Invalid number\n(21211)")).description(from: "Notes")
        #expect(failed == "Failed to send WhatsApp message: Invalid number (21211)\n\nNotes\n\n\(block)")
        #expect(annotation(message(.delivered)).description(from: failed) == "Notes\n\n\(block)")
        #expect(annotation(message(.queued)).description(from: nil) == block)
    }

    @Test func coloursFollowTheOutcomeAndPatchesCarryOnlyWhatChanged() {
        let event = CalendarEvent(id: "e", description: "Notes\n\n\(block)", colorId: "10")
        #expect(annotation(message(.queued)).patch(for: event) == nil, "nothing to change: nothing sent")
        #expect(annotation(message(.read)).patch(for: event) == nil)
        #expect(annotation(message(.undelivered, error: "Unreachable")).patch(for: event) == EventPatch(
            description: "Failed to send WhatsApp message: Unreachable\n\nNotes\n\n\(block)", colorId: "11"))
        let plain = CalendarEvent(id: "e", description: "Notes\n\n\(block)", colorId: nil)
        #expect(annotation(message(.delivered)).patch(for: plain) == EventPatch(colorId: "10"))
    }

    @Test func textTheHostTypedBelowTheBlockIsKept() {
        let edited = "Notes\n\n\(block)\nBring the report"
        #expect(annotation(message(.delivered)).description(from: edited) == "Notes\n\nBring the report\n\n\(block)")
    }
}
