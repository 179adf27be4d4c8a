import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// Found by review: a host who fixes a number that failed (a typo) got the new attendee their
/// message, yet the event stayed red with the old number's failure.
@Suite(.serialized)
struct ReplacedNumberTests {
    @Test func replacingAFailedNumberTurnsTheEventGreen() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.rejectNumber("+919812345679")
            let id = try await world.create("Coaching", location: "+91 98123 45679")
            try await world.pass()
            try await eventually("red with the reason") { await world.event(id)?.colorId == "11" ? true : nil }
            try await world.google.setLocation(of: id, in: ServiceWorld.calendar, to: "+91 98123 45670")
            try await world.pass()
            #expect(await world.twilio.messages(to: "+919812345670").count == 1)
            let event = try #require(await world.event(id))
            #expect(event.colorId == "10", "green: the attendee in the session got their message")
            #expect(!(event.description ?? "").contains("45679"), "the old number's failure is gone: \(event.description ?? "")")
        }
    }
}
