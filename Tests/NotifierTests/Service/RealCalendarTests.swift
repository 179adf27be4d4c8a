import ClientSupport
import Composition
import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// Calendars as hosts keep them (DESIGN.md §6, §16): group sessions, changes piling up while
/// Twilio refuses, a first message that failed, numbers that cannot be used, untitled events.
@Suite(.serialized)
struct RealCalendarTests {
    static let alice = "+919876543210", bob = "+447400123456", carol = "+14155552671"

    static func links(in body: String) -> [String] {
        body.split(separator: "\n").filter { $0.hasPrefix("Cancel: ") || $0.hasPrefix("Reschedule: ") }
            .map { String($0.split(separator: " ").last!) }
    }

    @Test func aGroupSessionInformsEachAttendeeAndOneCancellingFreesOnlyTheirPlace() async throws {
        try await ServiceWorld.run { world in
            let id = try await world.create("Pilates class", location: "+91 98765 43210, +44 7400 123456; +1 415 555 2671")
            try await world.pass()
            let first = await world.twilio.messages()
            #expect(Set(first.map(\.to)) == [Self.alice, Self.bob, Self.carol])
            #expect(first.allSatisfy { $0.body.hasPrefix("Your session \"Pilates class\" is scheduled for ") })
            #expect(first.allSatisfy { Self.links(in: $0.body).count == 1 }, "a cancel link each, no reschedule for a group")
            let event = try #require(await world.event(id))
            #expect(event.colorId == "10")
            #expect(event.description?.components(separatedBy: "Attendee on WhatsApp: https://wa.me/").count == 4)

            // Bob's link names Bob: his token carries `p`.
            let bobsMessage = try #require(first.first { $0.to == Self.bob })
            let page = try #require(try await Browser.get(Self.links(in: bobsMessage.body)[0]).location)
            let token = String(page.split(separator: "/").last!)
            #expect(try world.service.links.read(token).link.attendee == Self.bob)
            let confirm = try CancelLinkTests.confirmValue(in: try await Browser.get(page).body)
            let done = try await Browser.post(page, form: [("confirm", confirm)], headers: [("Origin", world.baseURL.absoluteString)])
            #expect(done.body.contains("Your session is cancelled"))
            try await world.pass()

            let after = try #require(await world.event(id))
            #expect(!after.isDeleted, "the class goes on for the others")
            #expect(after.location == "+91 98765 43210, +1 415 555 2671")
            let all = await world.twilio.messages()
            #expect(all.count == 4)
            #expect(all.last?.to == Self.bob)
            #expect(all.last?.body.hasPrefix("Your session \"Pilates class\" on ") == true)
            #expect(all.last?.body.contains("has been cancelled.") == true)
            #expect(after.description?.contains("wa.me/447400123456") == false)
            // A link without `p` for a group session is refused.
            let plain = world.service.links.mint(LinkToken(action: .cancel, calendarID: ServiceWorld.calendar, eventID: id, sequence: 0))
            #expect(try await Browser.get(world.baseURL.absoluteString + "/cancel/" + plain).status == 400)
        }
    }

    @Test func changesPilingUpWhileTwilioRefusesGoOutAsOneMessageAtTheFinalTime() async throws {
        // Each refused try waits a minute before the next: the changes pile up meanwhile.
        var tuning = ServiceWorld.quickTuning
        tuning.twilioRetry = .never
        tuning.retrySchedule = OutboxRetrySchedule(base: .seconds(120), cap: .seconds(120), maxAttempts: 5)
        try await ServiceWorld.run(tuning: tuning) { world in
            await world.twilio.injectSendFaults([.tooManyRequests, .tooManyRequests])
            let id = try await world.create("Coaching", inHours: 48)
            try await world.pass()
            var last = Date()
            for hours in [72.0, 96.0] {
                let start = Date().addingTimeInterval(hours * 3_600)
                try await world.google.moveEvent(id, in: ServiceWorld.calendar, start: start, end: start.addingTimeInterval(3_600))
                try await world.pass()
                last = start
            }
            let messages = await world.twilio.messages()
            #expect(messages.count == 1)
            // The final start itself (read again from the clock, it could fall in the next minute).
            let final = SessionTime.text(last, in: SessionTime.zone("Asia/Kolkata"))
            #expect(messages.first?.body.hasPrefix("Your session \"Coaching\" is scheduled for \(final)") == true,
                    "scheduled at the final time: the attendee never heard of the others")
            let outbox = try await world.outbox()
            #expect(outbox.map(\.state) == [.skipped, .skipped, .delivered])
            #expect(outbox.prefix(2).allSatisfy { $0.error == OutboxMessage.supersededReason })
        }
    }

    @Test func createdThenDeletedBeforeItWentOutSendsNothing() async throws {
        var tuning = ServiceWorld.quickTuning
        tuning.twilioRetry = .never
        tuning.retrySchedule = OutboxRetrySchedule(base: .seconds(120), cap: .seconds(120), maxAttempts: 5)
        try await ServiceWorld.run(tuning: tuning) { world in
            await world.twilio.injectSendFaults([.tooManyRequests])
            let id = try await world.create("Coaching")
            try await world.pass()
            try await world.google.deleteEvent(id, in: ServiceWorld.calendar)
            try await world.pass()
            #expect(await world.twilio.messages().isEmpty)
            #expect(try await world.outbox().map(\.state) == [.skipped])
        }
    }

    @Test func afterAFailedFirstMessageTheNextChangeIsAnnouncedAsScheduled() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.setOutcome(for: ServiceWorld.attendee, .undelivered(code: 63024, message: "Invalid message recipient"))
            let id = try await world.create("Coaching", inHours: 48)
            try await world.pass()
            #expect(try await world.outbox().map(\.state) == [.undelivered])
            try await world.pass()
            #expect(await world.twilio.messages().count == 1, "a failed message is not sent again by itself")

            await world.twilio.setOutcome(for: ServiceWorld.attendee, .delivered)
            let start = Date().addingTimeInterval(72 * 3_600)
            try await world.google.moveEvent(id, in: ServiceWorld.calendar, start: start, end: start.addingTimeInterval(3_600))
            try await world.pass()
            let last = try #require(await world.twilio.messages().last)
            #expect(last.body.hasPrefix("Your session \"Coaching\" is scheduled for "), "never 'moved' from a time they never heard of")
            #expect(await world.event(id)?.colorId == "10")
        }
    }

    @Test func twoNumbersInOnePartTurnTheEventRedAndMessageNobody() async throws {
        try await ServiceWorld.run { world in
            let id = try await world.create("Coaching", location: "Fax +1 415 555 0105 Mobile +91 98765 43210", description: "Notes")
            try await world.pass()
            #expect(await world.twilio.messages().isEmpty, "neither the fax nor a guess")
            let red = try #require(await world.event(id))
            #expect(red.colorId == "11")
            #expect(red.description?.hasPrefix(#"Not sent: "Fax +1 415 555 0105 Mobile +91 98765 43210" holds two different numbers"#) == true)

            try await world.google.setLocation(of: id, in: ServiceWorld.calendar, to: "Mobile +91 98765 43210")
            try await world.pass()
            let sent = await world.twilio.messages()
            #expect(sent.count == 1 && sent.allSatisfy { $0.to.hasSuffix("+919876543210") }, "\(sent.map(\.to))")

            // The announced attendee's number gets a second one beside it: red again, and they are
            // told nothing (not "cancelled": the session may well be theirs still).
            try await world.google.setLocation(of: id, in: ServiceWorld.calendar, to: "Mobile +91 98765 43210 office +1 650 555 0106")
            try await world.pass()
            #expect(await world.twilio.messages().count == 1)
            #expect(await world.event(id)?.colorId == "11")
            #expect(try await world.outbox().map(\.kind) == [.scheduled])
        }
    }

    @Test func aNumberWithoutCountryCodeTurnsTheEventRedUntilTheHostFixesIt() async throws {
        try await ServiceWorld.run(["DEFAULT_COUNTRY_CODE": ""]) { world in
            let id = try await world.create("Coaching", location: "98765 43210", description: "Notes")
            try await world.pass()
            #expect(await world.twilio.messages().isEmpty)
            let red = try #require(await world.event(id))
            #expect(red.colorId == "11")
            #expect(red.description == """
                Not sent: "98765 43210" is not a WhatsApp number with a country code (write it as +<country code> <number>).

                Notes
                """)

            try await world.google.setLocation(of: id, in: ServiceWorld.calendar, to: "+91 98765 43210")
            try await world.pass()
            #expect(await world.twilio.messages().count == 1, "fixing the location announces the session")
            let fixed = try #require(await world.event(id))
            #expect(fixed.colorId == "10")
            #expect(fixed.description?.hasPrefix("Notes\n\nAttendee on WhatsApp: https://wa.me/919876543210") == true)
        }
    }

    @Test func anUntitledEventDropsTheQuotedTitle() async throws {
        try await ServiceWorld.run { world in
            let id = try await world.create("")
            try await world.pass()
            let body = try #require(await world.twilio.messages().first?.body)
            #expect(body.hasPrefix("Your session is scheduled for "))
            #expect(!body.contains("\"\""))
            try await world.google.deleteEvent(id, in: ServiceWorld.calendar)
            try await world.pass()
            #expect(await world.twilio.messages().last?.body.hasPrefix("Your session on ") == true)
        }
    }

    @Test func aTitlePastedLongStillReachesTheAttendee() async throws {
        try await ServiceWorld.run { world in
            // Twilio refuses a body over 1,600 characters (21617), as the emulator does.
            let id = try await world.create("Agenda: " + String(repeating: "warm-up, exercises, review; ", count: 80))
            try await world.pass()
            let message = try #require(await world.twilio.messages().first)
            #expect(message.body.contains("…\" is scheduled for "))
            #expect(await world.event(id)?.colorId == "10", "green")
        }
    }
}
