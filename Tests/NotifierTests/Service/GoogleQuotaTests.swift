import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// Google's per-user quota (about 600 requests a minute) is shared by everything the service does
/// with the host's calendar: what one message costs there, from the sync that finds its event to
/// the last delivery report, decides how many sessions a host can run (issue 26).
@Suite(.serialized)
struct GoogleQuotaTests {
    /// scheduled → queued → sent → delivered → read: the sync that finds the event, then one read
    /// and one write to colour it green. A report that changes no colour costs nothing.
    @Test func oneMessagesWholeLifeCostsGoogleAtMostThreeRequests() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.setDefaultOutcome(.read)
            try await world.pass()
            let before = await world.google.requestCounts.api
            let event = try await world.create("Coaching")
            try await world.pass()
            try await eventually("read") { try await world.outbox().last?.state == .read ? true : nil }
            try await world.settle()
            let spent = await world.google.requestCounts.api - before
            print("Google requests for one message, scheduled → read: \(spent)")
            #expect(spent <= 3, "one listing, one read and one write")
            #expect(await world.event(event)?.colorId == "10", "green")
        }
    }

    /// Twenty sessions in one sync: one listing for all, then a read and a write each.
    @Test func aBurstCostsAtMostThreeRequestsAMessage() async throws {
        try await ServiceWorld.run(["SEND_RATE": "1000"]) { world in
            await world.twilio.setDefaultOutcome(.read)
            try await world.pass()
            let before = await world.google.requestCounts.api
            for index in 0..<20 {
                try await world.create("Session \(index)", inHours: 48 + Double(index), location: "+9198765432\(String(format: "%02d", index))")
            }
            try await world.pass()
            try await eventually("20 read") {
                try await world.outbox().filter { $0.state == .read }.count == 20 ? true : nil
            }
            try await world.settle()
            let spent = await world.google.requestCounts.api - before
            print("Google requests for 20 messages, scheduled → read: \(spent) (\(Double(spent) / 20) a message)")
            #expect(Double(spent) / 20 <= 3)
        }
    }
}
