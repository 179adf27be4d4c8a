import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// The loops as production runs them, with nobody ringing or driving a pass: the poll finds the
/// host's event, the sender sends it, Twilio's callback reaches the write-back.
@Suite(.serialized)
struct RunningLoopsTests {
    @Test func anEventCreatedInTheCalendarReachesTwilioThroughTheRunningServices() async throws {
        try await ServiceWorld.run(["POLL_INTERVAL": "1s"]) { world in
            let id = try await world.create("Coaching")
            let message = try await eventually("the poll finds the event and the sender sends it") {
                await world.twilio.messages().first
            }
            #expect(message.to == ServiceWorld.attendee)
            #expect(message.body.hasPrefix("Your session \"Coaching\" is scheduled for "))
            try await eventually("the write-back shows the links and the colour") {
                let event = await world.event(id)
                return event?.colorId == "10" && event?.description?.contains("Cancel: ") == true ? true : nil
            }
        }
    }

    @Test func aSignedStatusCallbackTurnsTheEventGreenThroughTheRunningWriteBack() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.setOutcome(for: ServiceWorld.attendee, .staysQueued)
            let id = try await world.create("Coaching")
            try await world.pass()
            #expect(await world.event(id)?.colorId == nil, "queued is not news for the calendar")
            let sid = try #require(try await world.outbox().first?.twilioSID)
            // Twilio's callback, and nothing else: no pass, no ring by the test.
            #expect(try await world.twilio.deliverStatus("delivered", for: sid) == 204)
            try await eventually("the write-back colours the event") {
                await world.event(id)?.colorId == "10" ? true : nil
            }
            #expect(try await world.outbox().first?.state == .delivered)
        }
    }
}
