import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// Google push notifications (DESIGN.md §17) through the running service and the Google emulator,
/// which posts them to the service's `/webhooks/google` as Google does.
@Suite(.serialized)
struct PushTests {
    static let push = ["GOOGLE_PUSH": "on", "POLL_INTERVAL": "1h"]

    static func liveChannels(_ world: ServiceWorld) async -> [EmulatedChannel] {
        await world.google.channels().filter { !$0.stopped && $0.expiration > Date() }
    }

    @Test func aHostEditReachesTheAttendeeWithoutWaitingForThePoll() async throws {
        try await ServiceWorld.run(Self.push) { world in
            try await eventually("the channel is open") { await Self.liveChannels(world).count == 1 ? true : nil }
            try await world.create("Coaching")
            let message = try await eventually("Google's notification brings the message") { await world.twilio.messages().first }
            #expect(message.body.hasPrefix("Your session \"Coaching\" is scheduled"))
            await world.google.notificationsSettled()
            let posted = world.google.postedNotifications
            // Answers may come back in any order; the message numbers say which was first.
            #expect(posted.first { $0.messageNumber == 1 }?.state == "sync")
            #expect(posted.allSatisfy { $0.responseStatus == 200 }, "the first sync notification too: the token was stored before watch")
        }
    }

    @Test func aRestartReusesTheLiveChannel() async throws {
        try await ServiceWorld.run(Self.push) { world in
            try await eventually("the channel is open") { await Self.liveChannels(world).count == 1 ? true : nil }
            let first = await Self.liveChannels(world)
            try await world.restart()
            try await world.settle()
            #expect(await world.google.channels() == first, "no new channel, the old one kept")
        }
    }

    @Test func aChannelIsRenewedBeforeItExpiresAndTheOldOneStopped() async throws {
        // Google grants 8 seconds: a quarter of that before expiry, the next channel opens.
        try await ServiceWorld.run(Self.push, beforeStart: { await $0.setChannelLifetime(max: 8) }) { world in
            let old = try await eventually("the channel is open") { await Self.liveChannels(world).first }
            #expect(old.expiration.timeIntervalSinceNow < 9)
            try await eventually("a new channel is open and the old one stopped", within: .seconds(30)) {
                let channels = await world.google.channels()
                let stopped = channels.first { $0.id == old.id }?.stopped == true
                return stopped && channels.filter { !$0.stopped }.count == 1 ? true : nil
            }
            try await world.create("Coaching")
            try await eventually("the new channel brings news") { await world.twilio.messages().first }
        }
    }

    @Test func forgedNotificationsAreRefused() async throws {
        try await ServiceWorld.run(Self.push) { world in
            let channel = try await eventually("the channel is open") { await Self.liveChannels(world).first }
            let url = world.baseURL.absoluteString + "/webhooks/google"
            func post(_ headers: [(String, String)]) async throws -> Int {
                try await Browser.post(url, body: "", headers: headers + [("X-Goog-Resource-State", "exists")]).status
            }
            #expect(try await post([]) == 403)
            #expect(try await post([("X-Goog-Channel-ID", "someone-else"), ("X-Goog-Channel-Token", channel.token ?? "")]) == 403)
            #expect(try await post([("X-Goog-Channel-ID", channel.id), ("X-Goog-Channel-Token", "guessed")]) == 403)
            #expect(try await post([("X-Goog-Channel-ID", channel.id), ("X-Goog-Channel-Token", channel.token ?? "")]) == 200)
        }
    }

    @Test func aBurstOfNotificationsIsOneSync() async throws {
        try await ServiceWorld.run(Self.push) { world in
            let channel = try await eventually("the channel is open") { await Self.liveChannels(world).first }
            try await world.settle()
            // The watcher is held in a slow sync while the burst arrives: the burst folds into one more.
            await world.google.injectFaults([.slow(.seconds(1))])
            let before = await world.google.requestCounts.listings
            let url = world.baseURL.absoluteString + "/webhooks/google"
            let headers = [("X-Goog-Channel-ID", channel.id), ("X-Goog-Channel-Token", channel.token ?? ""), ("X-Goog-Resource-State", "exists")]
            #expect(try await Browser.post(url, body: "", headers: headers).status == 200)
            try await eventually("the slow sync has begun") { await world.google.requestCounts.listings > before ? true : nil }
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 { group.addTask { try await Browser.post(url, body: "", headers: headers).status } }
                for try await status in group { #expect(status == 200) }
            }
            try await world.settle()
            #expect(await world.google.requestCounts.listings - before == 2, "21 notifications, two syncs")
        }
    }

    @Test func aLostNotificationIsCaughtByThePoll() async throws {
        try await ServiceWorld.run(["GOOGLE_PUSH": "on", "POLL_INTERVAL": "1s"]) { world in
            try await eventually("the channel is open") { await Self.liveChannels(world).count == 1 ? true : nil }
            await world.google.dropNextNotifications(1)
            try await world.create("Coaching")
            let message = try await eventually("the poll finds it") { await world.twilio.messages().first }
            #expect(message.body.hasPrefix("Your session \"Coaching\""))
            #expect(world.google.postedNotifications.contains { $0.state == "exists" && $0.responseStatus == nil }, "one was lost")
        }
    }

    @Test func aCalendarNoLongerWatchedHasItsChannelStopped() async throws {
        try await ServiceWorld.run(Self.push) { world in
            let channel = try await eventually("the channel is open") { await Self.liveChannels(world).first }
            // Google answers the watch before the service has stored what it granted: wait for that.
            try await eventually("the service has stored the channel") {
                try await world.service.store.openPushChannels().contains { $0.id == channel.id && $0.expiresAt != nil } ? true : nil
            }
            // What the keeper does once the operator takes the calendar out of GOOGLE_CALENDAR_ID.
            let keeper = PushChannels(store: world.service.store, push: GoogleCalendarSource(client: try #require(world.service.google), serviceAccount: nil), calendarIDs: [],
                                      address: world.baseURL.appendingPathComponent("webhooks/google"), logger: .init(label: "test"))
            _ = await keeper.keepUp()
            #expect(await world.google.channels().first { $0.id == channel.id }?.stopped == true)
            #expect(try await world.service.store.openPushChannels().isEmpty)
        }
    }

    /// The operator moved `PUBLIC_BASE_URL` (a new domain): a channel still live but opened for
    /// the old address would send its notifications nowhere for up to a week; it is replaced at
    /// once, and the old one stopped at Google.
    @Test func aChannelOpenedForAnotherAddressIsReplaced() async throws {
        try await ServiceWorld.run(Self.push) { world in
            let old = try await eventually("the channel is open") { await Self.liveChannels(world).first }
            try await eventually("the service has stored the channel") {
                try await world.service.store.openPushChannels().contains { $0.id == old.id && $0.expiresAt != nil } ? true : nil
            }
            #expect(try await world.service.store.openPushChannels().first?.address == world.baseURL.appendingPathComponent("webhooks/google").absoluteString)
            // Another loopback address (no test contacts anything else); nothing listens there.
            let moved = URL(string: "http://127.0.0.1:\(try LoopbackPort.free())/webhooks/google")!
            let keeper = PushChannels(store: world.service.store, push: GoogleCalendarSource(client: try #require(world.service.google), serviceAccount: nil),
                                      calendarIDs: [ServiceWorld.calendar], address: moved, logger: .init(label: "test"))
            _ = await keeper.keepUp()
            let live = await Self.liveChannels(world)
            #expect(live.map(\.address) == [moved], "\(live)")
            #expect(await world.google.channels().first { $0.id == old.id }?.stopped == true)
            // Kept from then on: a second round opens nothing more.
            _ = await keeper.keepUp()
            #expect(await Self.liveChannels(world).count == 1)
        }
    }
}
