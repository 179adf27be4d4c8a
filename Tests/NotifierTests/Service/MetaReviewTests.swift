import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// What the review of Meta's additions found, kept fixed: a reminder too long for reply buttons,
/// a tap quoting another number's message, a tap on a reminder of an earlier time.
@Suite(.serialized)
struct MetaReviewTests {
    /// Inside the window, a reminder longer than Meta takes with buttons goes as its template.
    @Test func aLongReminderInsideTheWindowGoesAsItsTemplate() async throws {
        let clock = TestClock()
        try await MetaFlowTests.withMeta(["META_TEMPLATE_SCHEDULED": "session_scheduled", "META_TEMPLATE_REMINDER": "session_reminder",
                                          "REMINDERS": "24h"], clock: clock) { world, meta in
            let start = ReminderTests.wholeSeconds(clock.now.addingTimeInterval(30 * 3_600))
            _ = try await world.google.createEvent(in: ServiceWorld.calendar, summary: String(repeating: "Long title ", count: 100),
                                                   start: start, end: start.addingTimeInterval(3_600), location: MetaFlowTests.writer)
            try await MetaFlowTests.pass(world, meta)
            _ = try await meta.postInbound(from: MetaFlowTests.writer, text: "Thanks!")
            try await MetaFlowTests.settle(world, meta)
            clock.set(start.addingTimeInterval(-24 * 3_600 + 1))
            world.service.bells.sender.ring()
            try await eventually("the reminder went") {
                try await MetaFlowTests.settle(world, meta)
                return meta.messages(to: MetaFlowTests.writer).count >= 2 ? true : nil
            }
            let reminder = try #require(meta.messages(to: MetaFlowTests.writer).last)
            #expect(reminder.template == "session_reminder", "1,100 characters is too long for reply buttons")
            #expect(try await world.outbox().first { $0.kind == .reminder }?.error == nil)
        }
    }

    /// A tap on a reminder of the time before the session moved asks again; one quoting another
    /// number's message acts on nothing of theirs.
    @Test func anOldOrForeignTapConfirmsNothing() async throws {
        let clock = TestClock()
        try await MetaFlowTests.withMeta(["META_TEMPLATE_SCHEDULED": "session_scheduled", "META_TEMPLATE_REMINDER": "session_reminder",
                                          "REMINDERS": "24h"], clock: clock) { world, meta in
            let start = ReminderTests.wholeSeconds(clock.now.addingTimeInterval(30 * 3_600))
            let id = try await world.google.createEvent(in: ServiceWorld.calendar, summary: "Coaching", start: start,
                                                        end: start.addingTimeInterval(3_600), location: ServiceWorld.attendee)
            _ = try await world.google.createEvent(in: ServiceWorld.calendar, summary: "Guitar", start: start,
                                                   end: start.addingTimeInterval(3_600), location: MetaFlowTests.writer)
            try await MetaFlowTests.pass(world, meta)
            clock.set(start.addingTimeInterval(-24 * 3_600 + 1))
            world.service.bells.sender.ring()
            try await MetaFlowTests.settle(world, meta)
            let reminder = try #require(meta.messages(to: ServiceWorld.attendee).last)
            #expect(reminder.template == "session_reminder")
            // Someone else's tap quoting this attendee's reminder: their own session is not confirmed either.
            _ = try await meta.postInbound(from: MetaFlowTests.writer, text: "Confirm", buttonPayload: "confirm", repliedTo: reminder.id)
            try await eventually("answered") {
                try await MetaFlowTests.settle(world, meta)
                return meta.messages(to: MetaFlowTests.writer).last.map { $0.text.hasPrefix("Your sessions in the next 30 days") ? true : nil } ?? nil
            }
            // The session moves; the old reminder's Confirm is no yes to the new time.
            let moved = start.addingTimeInterval(86_400)
            try await world.google.moveEvent(id, in: ServiceWorld.calendar, start: moved, end: moved.addingTimeInterval(3_600))
            try await MetaFlowTests.pass(world, meta)
            _ = try await meta.postInbound(from: ServiceWorld.attendee, text: "Confirm", buttonPayload: "confirm", repliedTo: reminder.id)
            try await eventually("asked again") {
                try await MetaFlowTests.settle(world, meta)
                return meta.messages(to: ServiceWorld.attendee).last.map { $0.text.hasPrefix("That message was about an earlier time") ? true : nil } ?? nil
            }
            #expect(await world.event(id)?.colorId != "7", "not confirmed")
        }
    }
}
