import Foundation

/// Graph's change and lifecycle notifications (DESIGN.md §23.1). A notification whose
/// subscription is unknown or whose `clientState` is not the channel's token is refused, and
/// nothing in its batch is acted on. Changes ask the watcher to sync that mailbox now (a burst
/// folds into one sync); `missed` does too; `reauthorizationRequired` and `subscriptionRemoved`
/// retire the channel so that the keeper opens a new subscription at once.
public struct GraphNotifications: Sendable {
    let store: any ServiceStore
    let watcher: CalendarWatcher
    let bells: ServiceBells
    /// Renews a subscription in place (`PATCH /subscriptions/{id}`), returning its new expiry.
    let renew: @Sendable (String) async throws -> Date
    let now: @Sendable () -> Date

    package init(store: any ServiceStore, watcher: CalendarWatcher, bells: ServiceBells, renew: @escaping @Sendable (String) async throws -> Date,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.renew = renew
        self.store = store
        self.watcher = watcher
        self.bells = bells
        self.now = now
    }

    /// One entry of a notification's `value`: the subscription, its secret, and for a lifecycle
    /// notification its event.
    public struct Notice: Sendable {
        public var subscriptionID: String
        public var clientState: String?
        public var lifecycleEvent: String?

        public init(subscriptionID: String, clientState: String?, lifecycleEvent: String?) {
            self.subscriptionID = subscriptionID
            self.clientState = clientState
            self.lifecycleEvent = lifecycleEvent
        }
    }

    /// Reads a notification body (`{"value": [...]}`); nil when it is not one.
    public static func notices(in body: Data) -> [Notice]? {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
              let value = object["value"] as? [[String: Any]], !value.isEmpty else { return nil }
        var notices: [Notice] = []
        for entry in value {
            guard let id = entry["subscriptionId"] as? String else { return nil }
            notices.append(Notice(subscriptionID: id, clientState: entry["clientState"] as? String, lifecycleEvent: entry["lifecycleEvent"] as? String))
        }
        return notices
    }

    /// False when any notice is forged or unknown (answered `403`, DESIGN.md §23.1). Graph batches
    /// the notifications of several subscriptions in one post: the genuine ones in it are still
    /// acted on (a sync more is harmless), the others not at all.
    public func receive(_ notices: [Notice]) async throws -> Bool {
        var channels: [(PushChannel, Notice)] = []
        var allGenuine = true
        for notice in notices {
            guard let state = notice.clientState, let channel = try await channel(of: notice.subscriptionID, clientState: state),
                  PushNotifications.sameToken(state, channel.token) else {
                allGenuine = false
                continue
            }
            channels.append((channel, notice))
        }
        for (channel, notice) in channels {
            switch notice.lifecycleEvent {
            case "reauthorizationRequired":
                // Renewed in place (DESIGN.md §23.1); if Graph refuses, a new one replaces it.
                do {
                    let expiry = try await renew(notice.subscriptionID)
                    try await store.recordPushChannelRenewed(id: channel.id, until: expiry)
                } catch {
                    try await store.recordPushChannelStopped(id: channel.id, at: now())
                    bells.push.ring()
                }
            case "subscriptionRemoved":
                // Graph has ended it already: only a new one is needed.
                try await store.recordPushChannelStopped(id: channel.id, at: now())
                bells.push.ring()
            default:
                break
            }
            // A change, or anything that may have been missed meanwhile: sync that mailbox now.
            watcher.syncSoon(channel.calendarID)
        }
        return allGenuine
    }

    /// The channel a notification names. Graph may notify before its answer to the subscription
    /// (which carries the id) has been stored; the channel being opened then has no id yet, and
    /// its token, which only Graph and this service know, is what says the notice is its own.
    /// The second read also takes the channel with this id: the answer may be stored between the
    /// two reads (a lifecycle notification refused that way left a subscription unrenewed).
    private func channel(of subscriptionID: String, clientState: String) async throws -> PushChannel? {
        if let known = try await store.pushChannel(resourceID: subscriptionID) { return known }
        return try await store.openPushChannels().first {
            ($0.resourceID == nil || $0.resourceID == subscriptionID) && $0.problem == nil && PushNotifications.sameToken(clientState, $0.token)
        }
    }
}
