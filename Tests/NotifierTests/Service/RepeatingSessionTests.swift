import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// Repeating sessions (DESIGN.md §16), from the Google emulator's series through the running service.
@Suite(.serialized)
struct RepeatingSessionTests {
    /// Next Tuesday (at least two days ahead) at 3 PM in Kolkata.
    static let firstStart: Date = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Kolkata")!
        let base = Date().addingTimeInterval(2 * 86_400)
        let tuesday = calendar.nextDate(after: base, matching: DateComponents(hour: 15, minute: 0, weekday: 3), matchingPolicy: .nextTime)!
        return tuesday
    }()

    static func weekly(_ world: ServiceWorld, count: Int = 13) async throws -> String {
        try await world.google.createSeries(in: ServiceWorld.calendar, summary: "Weekly coaching", firstStart: firstStart,
                                            count: count, location: "+91 98765 43210")
    }

    static func day(_ weeks: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Kolkata")
        formatter.dateFormat = "EEE d MMM"
        return formatter.string(from: firstStart.addingTimeInterval(Double(weeks) * 7 * 86_400))
    }

    @Test func aThirteenWeekSeriesIsAnnouncedOnceWithItsNextDates() async throws {
        try await ServiceWorld.run { world in
            let series = try await Self.weekly(world)
            try await world.pass()
            let messages = await world.twilio.messages()
            try #require(messages.count == 1, "one announcement, not one message per instance")
            let body = messages[0].body
            #expect(body.hasPrefix("""
                Your repeating session "Weekly coaching" is scheduled. Next: \(Self.day(0)), \(Self.day(1)) and \(Self.day(2)) at 3:00 PM (IST).
                """), "\(body)")
            #expect(body.contains("\nCancel: ") && body.contains("\nReschedule: "), "the links block, for the next one")
            let first = try #require(await world.google.instances(of: series, in: ServiceWorld.calendar).first)
            #expect(await world.event(first.id)?.colorId == "10")
            try await world.pass()
            #expect(await world.twilio.messages().count == 1, "later syncs are not news")

            // The 30-day list knows every instance in it.
            let url = world.baseURL.appendingPathComponent("webhooks/twilio/inbound")
            let list = try await world.twilio.postInbound(from: ServiceWorld.attendee, body: "list", to: url)
            #expect(list.body.components(separatedBy: ": Weekly coaching").count - 1 >= 4)
        }
    }

    @Test func oneInstanceMovedOrCancelledIsToldOnItsOwn() async throws {
        try await ServiceWorld.run { world in
            let series = try await Self.weekly(world, count: 6)
            try await world.pass()
            let instances = await world.google.instances(of: series, in: ServiceWorld.calendar)
            let moved = Self.firstStart.addingTimeInterval(2 * 7 * 86_400 + 2 * 3_600)
            try await world.google.moveEvent(instances[2].id, in: ServiceWorld.calendar, start: moved, end: moved.addingTimeInterval(3_600))
            try await world.pass()
            try await world.google.deleteEvent(instances[4].id, in: ServiceWorld.calendar)
            try await world.pass()
            let bodies = await world.twilio.messages().map(\.body)
            try #require(bodies.count == 3)
            #expect(bodies[1].hasPrefix("Your session \"Weekly coaching\" has moved to \(Self.day(2)), 5:00 PM (IST). The earlier time, \(Self.day(2)), 3:00 PM (IST), is cancelled."))
            #expect(bodies[2].hasPrefix("Your session \"Weekly coaching\" on \(Self.day(4)), 3:00 PM (IST) has been cancelled."))
        }
    }

    @Test func theWholeSeriesDeletedIsOneMessage() async throws {
        try await ServiceWorld.run { world in
            let series = try await Self.weekly(world, count: 8)
            try await world.pass()
            try await world.google.deleteSeries(series, in: ServiceWorld.calendar)
            try await world.pass()
            let bodies = await world.twilio.messages().map(\.body)
            try #require(bodies.count == 2)
            #expect(bodies[1].hasPrefix("Your repeating session \"Weekly coaching\" has been cancelled."))
            try await world.pass()
            #expect(await world.twilio.messages().count == 2)
        }
    }

    @Test func aGroupSeriesIsAnnouncedToEachAttendeeOnce() async throws {
        try await ServiceWorld.run { world in
            try await world.google.createSeries(in: ServiceWorld.calendar, summary: "Yoga", firstStart: Self.firstStart, count: 5,
                                                location: "+91 98765 43210, +44 7400 123456")
            try await world.pass()
            let messages = await world.twilio.messages()
            #expect(Set(messages.map(\.to)) == ["+919876543210", "+447400123456"])
            #expect(messages.count == 2)
            #expect(messages.allSatisfy { $0.body.hasPrefix("Your repeating session \"Yoga\" is scheduled. Next: ") })
        }
    }

    @Test func theWholeSeriesMovedIsAnnouncedAnewNotCancelledInstanceByInstance() async throws {
        try await ServiceWorld.run { world in
            let series = try await Self.weekly(world, count: 6)
            try await world.pass()
            try await world.google.moveSeries(series, in: ServiceWorld.calendar, firstStart: Self.firstStart.addingTimeInterval(86_400 + 3_600))
            try await world.pass()
            let bodies = await world.twilio.messages().map(\.body)
            try #require(bodies.count == 2, "\(bodies)")
            #expect(bodies[1].hasPrefix("Your repeating session \"Weekly coaching\" is scheduled. Next: "))
            #expect(bodies[1].contains("at 4:00 PM (IST)"), "the new time")
            #expect(!bodies.contains { $0.contains("has been cancelled") })
        }
    }

    @Test func thisAndFollowingIsOneCancellationAndOneAnnouncement() async throws {
        try await ServiceWorld.run { world in
            let series = try await Self.weekly(world, count: 6)
            try await world.pass()
            let third = try #require(await world.google.instances(of: series, in: ServiceWorld.calendar).dropFirst(2).first)
            try await world.google.splitSeries(at: third.id, in: ServiceWorld.calendar,
                                               newStart: Self.firstStart.addingTimeInterval(2 * 7 * 86_400 + 3_600))
            try await world.pass()
            let bodies = await world.twilio.messages().map(\.body)
            #expect(bodies.count == 3, "no message per instance: \(bodies)")
            #expect(bodies.filter { $0.hasPrefix("Your repeating session \"Weekly coaching\" has been cancelled.") }.count == 1)
            #expect(bodies.filter { $0.hasPrefix("Your repeating session \"Weekly coaching\" is scheduled. Next: ") }.count == 2)
        }
    }

    @Test func aLaterInstanceHasItsAttendeeForItsLinks() async throws {
        try await ServiceWorld.run { world in
            let series = try await Self.weekly(world, count: 4)
            try await world.pass()
            let second = try #require(await world.google.instances(of: series, in: ServiceWorld.calendar).dropFirst().first)
            let token = world.service.links.mint(LinkToken(action: .reschedule, calendarID: ServiceWorld.calendar, eventID: second.id, sequence: 0))
            let page = try await Browser.get(world.baseURL.absoluteString + "/reschedule/" + token)
            // Its page (a GET changes nothing; its button goes on to Calendly), not the friendly error.
            #expect(page.status == 200 && page.body.contains("Choose a new time"), "the attendee heard of it with the series: \(page.body)")
        }
    }
}
