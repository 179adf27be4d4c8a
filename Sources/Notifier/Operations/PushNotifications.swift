import Foundation

/// Google's push notification for a channel (DESIGN.md §17): an unknown channel or a wrong token is
/// refused; `sync` (the first, sent when the channel opens) is acknowledged; `exists` and
/// `not_exists` ask the watcher to sync that calendar now. A burst of them folds into one sync
/// (the watcher's doorbell). Nothing here waits on Google.
public struct PushNotifications: Sendable {
    let store: any ServiceStore
    let watcher: CalendarWatcher

    package init(store: any ServiceStore, watcher: CalendarWatcher) {
        self.store = store
        self.watcher = watcher
    }

    public enum Outcome: Sendable, Equatable {
        case refused
        case acknowledged
        case syncing(calendarID: String)
    }

    public func receive(channelID: String?, token: String?, state: String?) async throws -> Outcome {
        guard let channelID, let token, let channel = try await store.pushChannel(id: channelID),
              Self.sameToken(token, channel.token)
        else { return .refused }
        guard state == "exists" || state == "not_exists" else { return .acknowledged }
        watcher.syncSoon(channel.calendarID)
        return .syncing(calendarID: channel.calendarID)
    }

    /// Compares in constant time, so that timing tells a forger nothing about the token (push
    /// channels, the connect flow's `state`, Meta's verify token).
    public static func sameToken(_ given: String, _ expected: String) -> Bool {
        let given = Array(given.utf8), expected = Array(expected.utf8)
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
