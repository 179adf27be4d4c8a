import CalendarModel
import Foundation
import GoogleCalendar
import Testing
@testable import Notifier

/// What the service writes into an event: the host's text always kept, its own lines replaced.
struct EventAnnotationTests {
    let base = URL(string: "https://book.example.com")!

    func message(_ state: OutboxMessage.State, error: String? = nil, cancel: String? = "CANCEL00001", reschedule: String? = "RESCHED0001",
                 phone: String = "+919876543210", forGroup: Bool = false) -> OutboxMessage {
        OutboxMessage(
            id: 1, calendarID: "c", eventID: "e", noticeKey: "r1", kind: .scheduled, phone: phone,
            summary: "Yoga", startAt: .now, previousStartAt: nil, timeZone: nil, sequence: 0, state: state,
            twilioSID: nil, attempts: 1, nextAttemptAt: .now, lastAttemptAt: nil, error: error, createdAt: .now,
            body: "…", contentSID: nil, contentVariables: nil, cancelCode: cancel, rescheduleCode: reschedule,
            writebackDue: true, forGroup: forGroup)
    }

    func annotation(_ messages: OutboxMessage..., problem: String? = nil) -> EventAnnotation {
        EventAnnotation(latest: messages, locationProblem: problem, publicBaseURL: base,
                        colors: .init(success: "10", failure: "11", confirmed: "7"))
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

    @Test func aGroupShowsEachAttendeeAndAFailureLinePerNumberAndIsGreenOnlyWhenAllWentThrough() {
        let alice = message(.delivered, phone: "+919876543210", forGroup: true)
        let bob = message(.failed, error: "The number is not on WhatsApp", phone: "+447400123456", forGroup: true)
        let mixed = annotation(alice, bob)
        #expect(mixed.colorID == "11")
        #expect(mixed.description(from: "Class notes") == """
            Failed to send WhatsApp message to +447400123456: The number is not on WhatsApp

            Class notes

            Attendee on WhatsApp: https://wa.me/919876543210
            Attendee on WhatsApp: https://wa.me/447400123456
            """)
        let allThrough = annotation(alice, message(.read, phone: "+447400123456", forGroup: true))
        #expect(allThrough.colorID == "10")
        #expect(allThrough.description(from: mixed.description(from: "Class notes")) == """
            Class notes

            Attendee on WhatsApp: https://wa.me/919876543210
            Attendee on WhatsApp: https://wa.me/447400123456
            """)
        #expect(annotation(alice, message(.queued, phone: "+447400123456", forGroup: true)).colorID == nil, "wait for every outcome")
    }

    @Test func aNumberThatCannotBeUsedTurnsTheEventRedUntilFixed() {
        let line = "Not sent: \"98765 43210\" is not a WhatsApp number with a country code (write it as +<country code> <number>)."
        let problem = annotation(problem: line)
        #expect(problem.colorID == "11")
        let shown = problem.description(from: "Notes")
        #expect(shown == "\(line)\n\nNotes")
        #expect(annotation(message(.delivered)).description(from: shown) == "Notes\n\n\(block)", "the line goes once the number works")
    }
}
