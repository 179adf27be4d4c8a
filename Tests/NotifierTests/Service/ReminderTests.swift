import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// Reminders (DESIGN.md §15) at the right moments, with the service's clock in the test's hands.
@Suite(.serialized)
struct ReminderTests {
    static let settings = ["REMINDERS": "24h,1h"]

    /// Moves the service's clock to `date` and lets the sender look at what is due.
    static func advance(_ world: ServiceWorld, _ clock: TestClock, to date: Date) async throws {
        clock.set(date)
        world.service.bells.sender.ring()
        try await world.settle()
    }

    /// Google keeps times to the second.
    /// A one-attendee "Coaching" session 30 hours ahead of `clock`, announced.
    static func coaching(in world: ServiceWorld, _ clock: TestClock) async throws -> (id: String, start: Date) {
        let start = wholeSeconds(clock.now.addingTimeInterval(30 * 3_600))
        let id = try await world.google.createEvent(in: ServiceWorld.calendar, summary: "Coaching", start: start,
                                                    end: start.addingTimeInterval(3_600), location: ServiceWorld.attendee)
        try await world.pass()
        return (id, start)
    }

    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    static func reminders(_ world: ServiceWorld) async throws -> [OutboxMessage] {
        try await world.outbox().filter { $0.kind == .reminder }
    }

    @Test func aNewSessionGetsTwoRemindersEachAtItsMoment() async throws {
        let clock = TestClock()
        try await ServiceWorld.run(Self.settings, clock: clock) { world in
            let (_, start) = try await Self.coaching(in: world, clock)
            let planned = try await Self.reminders(world)
            #expect(planned.map(\.nextAttemptAt) == [start.addingTimeInterval(-24 * 3_600), start.addingTimeInterval(-3_600)])
            #expect(await world.twilio.messages().count == 1, "only the announcement so far")

            try await Self.advance(world, clock, to: start.addingTimeInterval(-24 * 3_600 + 1))
            let messages = await world.twilio.messages()
            try #require(messages.count == 2)
            let time = SessionTime.text(start, in: SessionTime.zone("Asia/Kolkata"))
            #expect(messages[1].body == "Reminder: your session \"Coaching\" starts \(time).\nReply 1 to confirm, 2 to cancel or 3 to reschedule.")
            try await Self.advance(world, clock, to: start.addingTimeInterval(-3_600 + 1))
            #expect(await world.twilio.messages().count == 3)
            try await Self.advance(world, clock, to: start.addingTimeInterval(60))
            try await world.pass()
            #expect(await world.twilio.messages().count == 3, "each at most once")
        }
    }

    @Test func aMovedSessionsRemindersFollowItAndACancelledOneHasNone() async throws {
        let clock = TestClock()
        try await ServiceWorld.run(Self.settings, clock: clock) { world in
            let (id, start) = try await Self.coaching(in: world, clock)
            let moved = start.addingTimeInterval(48 * 3_600)
            try await world.google.moveEvent(id, in: ServiceWorld.calendar, start: moved, end: moved.addingTimeInterval(3_600))
            try await world.pass()
            let afterMove = try await Self.reminders(world)
            #expect(afterMove.filter { $0.state == .pending }.map(\.nextAttemptAt)
                        == [moved.addingTimeInterval(-24 * 3_600), moved.addingTimeInterval(-3_600)])
            #expect(afterMove.filter { $0.state == .skipped }.count == 2, "none for the old time")

            try await world.google.deleteEvent(id, in: ServiceWorld.calendar)
            try await world.pass()
            #expect(try await Self.reminders(world).allSatisfy { $0.state == .skipped })
            try await Self.advance(world, clock, to: moved.addingTimeInterval(-3_600 + 1))
            #expect(await world.twilio.messages().map(\.body).filter { $0.hasPrefix("Reminder") }.isEmpty)
        }
    }

    @Test func aSessionCreatedLateGetsNoStaleReminder() async throws {
        let clock = TestClock()
        try await ServiceWorld.run(Self.settings, clock: clock) { world in
            let start = clock.now.addingTimeInterval(30 * 60)
            try await world.google.createEvent(in: ServiceWorld.calendar, summary: "Coaching", start: start,
                                               end: start.addingTimeInterval(3_600), location: ServiceWorld.attendee)
            try await world.pass()
            #expect(try await Self.reminders(world).isEmpty, "the 1h moment passed before the attendee heard of it")
            #expect(await world.twilio.messages().count == 1)
        }
    }

    @Test func aReminderDueWhileTheServiceWasDownGoesOutOnceOnStart() async throws {
        let clock = TestClock()
        try await ServiceWorld.run(Self.settings, clock: clock) { world in
            let (_, start) = try await Self.coaching(in: world, clock)
            // Down over the 24h moment; back before the session.
            clock.set(start.addingTimeInterval(-20 * 3_600))
            try await world.restart()
            try await world.settle()
            #expect(await world.twilio.messages().filter { $0.body.hasPrefix("Reminder") }.count == 1)
            try await world.restart()
            try await world.settle()
            #expect(await world.twilio.messages().filter { $0.body.hasPrefix("Reminder") }.count == 1, "sent once")
        }
    }

    @Test func eachAttendeeOfAGroupAndEachInstanceOfASeriesHasItsOwn() async throws {
        let clock = TestClock()
        try await ServiceWorld.run(["REMINDERS": "1h"], clock: clock) { world in
            let start = Self.wholeSeconds(clock.now.addingTimeInterval(30 * 3_600))
            try await world.google.createEvent(in: ServiceWorld.calendar, summary: "Pilates", start: start,
                                               end: start.addingTimeInterval(3_600), location: "+91 98765 43210, +44 7400 123456")
            try await world.google.createSeries(in: ServiceWorld.calendar, summary: "Weekly", firstStart: start.addingTimeInterval(3_600 * 5),
                                                count: 3, location: "+1 415 555 2671")
            try await world.pass()
            let planned = try await Self.reminders(world)
            #expect(planned.filter { $0.summary == "Pilates" }.map(\.phone).sorted() == ["+447400123456", "+919876543210"])
            #expect(planned.filter { $0.summary == "Weekly" }.count == 3, "one per instance")
        }
    }

    @Test func movedAndMovedBackKeepsItsReminders() async throws {
        let clock = TestClock()
        try await ServiceWorld.run(Self.settings, clock: clock) { world in
            let (id, start) = try await Self.coaching(in: world, clock)
            for moved in [start.addingTimeInterval(86_400), start] {
                try await world.google.moveEvent(id, in: ServiceWorld.calendar, start: moved, end: moved.addingTimeInterval(3_600))
                try await world.pass()
            }
            let pending = try await Self.reminders(world).filter { $0.state == .pending }
            #expect(pending.map(\.nextAttemptAt) == [start.addingTimeInterval(-24 * 3_600), start.addingTimeInterval(-3_600)])
        }
    }

    @Test func anAttendeeWhoseAnnouncementFailedGetsNoReminder() async throws {
        try await ServiceWorld.run(Self.settings) { world in
            await world.twilio.rejectNumber(ServiceWorld.attendee)
            try await world.create("Coaching", inHours: 30)
            try await world.pass()
            try await world.pass()
            #expect(try await Self.reminders(world).filter { $0.state == .pending }.isEmpty)
        }
    }
}
