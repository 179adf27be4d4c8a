public import Foundation
import Logging

/// Keeps a Google push channel on each watched calendar (DESIGN.md §17): opens one at start when
/// none is live (a restart reuses live ones), opens the next before the current one expires (a
/// day ahead, or a quarter of its life if shorter) and only then stops the old one, and stops
/// the channels of calendars no longer watched. Each channel's id and token are stored before
/// `events.watch` is called: Google's first notification can come before its answer.
public struct PushChannels: Sendable {
    /// Google's own cap for an events channel is longer; a week is renewed well within it.
    public static let ttl: Duration = .seconds(7 * 86_400)

    let store: any ServiceStore
    /// The calendars to keep a channel on, each with its source's push: read at every round, since
    /// a connected account's calendars join (and leave) while the service runs.
    /// The calendars whose channels this worker keeps.
    let leases: any CalendarLeases
    let watched: @Sendable () -> [(calendarID: String, push: any CalendarPush)]
    /// Stops the channels of calendars no longer watched (a calendar dropped from the settings):
    /// the source's own push where one is left.
    let fallback: (any CalendarPush)?
    /// `PUBLIC_BASE_URL/webhooks/google` (or `/webhooks/microsoft`).
    let address: URL
    /// The channels this keeper owns: each source's ids begin with its own prefix, so that the
    /// Google keeper never stops a Graph subscription as "a calendar no longer watched".
    let idPrefix: String
    let logger: Logger
    let now: @Sendable () -> Date

    /// Channels on fixed calendars of one source.
    package init(store: any ServiceStore, push: any CalendarPush, calendarIDs: [String], address: URL, idPrefix: String = "gcal-whatsapp-",
                logger: Logger, now: @escaping @Sendable () -> Date = Date.init, leases: any CalendarLeases = SoleWorker()) {
        self.init(store: store, watched: { calendarIDs.map { ($0, push) } }, fallback: push, address: address, idPrefix: idPrefix,
                  logger: logger, now: now, leases: leases)
    }

    package init(store: any ServiceStore, watched: @escaping @Sendable () -> [(calendarID: String, push: any CalendarPush)],
                fallback: (any CalendarPush)?, address: URL, idPrefix: String = "gcal-whatsapp-", logger: Logger,
                now: @escaping @Sendable () -> Date = Date.init, leases: any CalendarLeases = SoleWorker()) {
        self.leases = leases
        self.idPrefix = idPrefix
        self.fallback = fallback
        self.store = store
        self.watched = watched
        self.address = address
        self.logger = logger
        self.now = now
    }

    /// Opens, renews and stops what is due; returns when to look again.
    public func keepUp() async -> Date {
        let now = now()
        var next = now.addingTimeInterval(3_600)
        let channels: [PushChannel]
        do {
            channels = try await store.openPushChannels().filter { $0.id.hasPrefix(idPrefix) }
        } catch {
            logger.error("push channels not read", metadata: ["error": "\(error)"])
            return now.addingTimeInterval(15)
        }
        let watched = watched()
        let calendarIDs = watched.map(\.calendarID)
        for (calendarID, push) in watched {
            // The calendar's worker keeps its channel; the others look again in a minute, to take
            // over when that worker is gone.
            guard await leases.lead(calendarID) else {
                next = min(next, now.addingTimeInterval(60))
                continue
            }
            let live = channels.filter { $0.calendarID == calendarID && $0.isLive(at: now) }
            // A channel opened for another address (`PUBLIC_BASE_URL` moved) sends its
            // notifications where no one of ours listens: replaced at once, like a channel due.
            // One an earlier version opened has no address: replaced once, since it may be the old one.
            var current = live.first { ($0.renewalDue ?? .distantFuture) > now && $0.address == address.absoluteString }
            if current == nil {
                current = await open(calendarID, push: push, now: now)
                if current == nil { next = min(next, now.addingTimeInterval(60)) }
            }
            guard let current else { continue }
            for old in live where old.id != current.id { await stop(old, push: push, now: now) }
            if let due = current.renewalDue { next = min(next, due) }
        }
        // Channels of calendars no longer watched, and channels Google never answered for.
        // A calendar no longer watched is stopped through `fallback`; one with no source left to
        // ask (a disconnected account) is recorded stopped and runs out by itself, and its
        // notifications find no open channel.
        for channel in channels where !calendarIDs.contains(channel.calendarID) || (channel.resourceID == nil && channel.problem == nil) {
            // A channel being opened has no resource id yet: only the worker opening it may judge.
            guard await leases.lead(channel.calendarID) else { continue }
            let own = watched.first { $0.calendarID == channel.calendarID }?.push
            await stop(channel, push: own ?? fallback, now: now, orForget: own == nil)
        }
        return max(next, now.addingTimeInterval(1))
    }

    private func open(_ calendarID: String, push: any CalendarPush, now: Date) async -> PushChannel? {
        var channel = PushChannel(id: idPrefix + UUID().uuidString.lowercased(), calendarID: calendarID,
                                  token: Self.randomToken(), openedAt: now, address: address.absoluteString)
        do {
            try await store.savePushChannel(channel)
            let watched = try await push.watch(calendarID: calendarID, channelID: channel.id, token: channel.token,
                                                       address: address, ttl: Self.ttl)
            channel.resourceID = watched.resourceID
            let expiry = watched.expiration ?? now.addingTimeInterval(TimeInterval(Self.ttl.components.seconds))
            channel.expiresAt = expiry
            // Not saved over a stop that came meanwhile: Graph may end a subscription (its
            // lifecycle notification) before its answer to the creation has come back here.
            guard try await store.recordPushChannelWatched(id: channel.id, resourceID: watched.resourceID, until: expiry) else {
                // Stopped here while it was opened: stopped at the source too (one already gone counts as stopped).
                try? await push.stop(channelID: channel.id, resourceID: watched.resourceID)
                logger.notice("push channel ended as it was opened; another is opened", metadata: ["calendar": "\(calendarID)"])
                return nil
            }
            logger.info("push channel opened", metadata: ["calendar": "\(calendarID)", "until": "\(expiry)"])
            return channel
        } catch {
            logger.warning("push channel refused; polling goes on", metadata: ["calendar": "\(calendarID)", "error": "\(error)"])
            channel.problem = "\(error)"
            channel.stoppedAt = now
            try? await store.savePushChannel(channel)
            return nil
        }
    }

    /// `orForget`: the channel's own source is gone (a disconnected account); when the fallback
    /// may not stop it either, it is recorded stopped and left to run out by itself.
    private func stop(_ channel: PushChannel, push: (any CalendarPush)?, now: Date, orForget: Bool = false) async {
        do {
            if let push, let resourceID = channel.resourceID {
                do {
                    try await push.stop(channelID: channel.id, resourceID: resourceID)
                } catch where orForget {
                    logger.notice("push channel left to expire", metadata: ["channel": "\(channel.id)", "error": "\(error)"])
                }
            }
            try await store.recordPushChannelStopped(id: channel.id, at: now)
        } catch {
            logger.warning("push channel not stopped yet", metadata: ["channel": "\(channel.id)", "error": "\(error)"])
        }
    }

    /// 32 base62 characters: what Google echoes back in `X-Goog-Channel-Token`.
    static func randomToken() -> String {
        Base62.random(count: 32)
    }
}
