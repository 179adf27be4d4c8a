import Foundation
import GRDB

/// A row of `push_channels`: a push channel on one watched calendar: Google's (`gcal-whatsapp-…`,
/// its resource id Google's) or a Graph subscription (`graph-…`, its resource id the subscription's id).
public struct PushChannel: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "push_channels"

    public var id: String
    public var calendarID: String
    /// What Google sends back in `X-Goog-Channel-Token`; a notification without it is forged.
    public var token: String
    /// Google's id of the watched resource; set once `events.watch` answered.
    public var resourceID: String?
    public var openedAt: Date
    public var expiresAt: Date?
    public var stoppedAt: Date?
    /// Why Google refused it, when it did.
    public var problem: String?
    /// Where its notifications go (`PUBLIC_BASE_URL/webhooks/…` when it was opened); nil for a
    /// channel an earlier version opened.
    public var address: String?

    enum CodingKeys: String, CodingKey {
        case id, calendarID = "calendar_id", token, resourceID = "resource_id", openedAt = "opened_at"
        case expiresAt = "expires_at", stoppedAt = "stopped_at", problem, address
    }

    public enum Columns {
        static let calendarID = Column(CodingKeys.calendarID)
        static let stoppedAt = Column(CodingKeys.stoppedAt)
        static let openedAt = Column(CodingKeys.openedAt)
        static let resourceID = Column(CodingKeys.resourceID)
    }

    /// Opened by Google, not stopped, not expired.
    public func isLive(at now: Date) -> Bool {
        resourceID != nil && stoppedAt == nil && (expiresAt ?? .distantFuture) > now
    }

    /// When to open the next one: a day before expiry, or a quarter of the life Google granted
    /// before it if that is shorter.
    public var renewalDue: Date? {
        guard let expiresAt else { return nil }
        let life = expiresAt.timeIntervalSince(openedAt)
        return expiresAt.addingTimeInterval(-min(86_400, life / 4))
    }
}

extension AppDatabase {
    private typealias Columns = PushChannel.Columns

    /// Channels not stopped, newest first.
    public func openPushChannels() async throws -> [PushChannel] {
        try await readRepairing { db in
            try PushChannel.filter(Columns.stoppedAt == nil).order(Columns.openedAt.desc).fetchAll(db)
        }
    }

    public func pushChannel(id: String) async throws -> PushChannel? {
        try await readRepairing { db in try PushChannel.fetchOne(db, key: id) }
    }

    /// The live channel whose source-given id is `resourceID` (a Graph subscription id).
    public func pushChannel(resourceID: String) async throws -> PushChannel? {
        try await readRepairing { db in
            try PushChannel.filter(Columns.resourceID == resourceID).filter(Columns.stoppedAt == nil).fetchOne(db)
        }
    }

    /// Stores a channel before, and again after, `events.watch`.
    package func savePushChannel(_ channel: PushChannel) async throws {
        try await writer.write { db in try channel.save(db) }
    }

    /// Marks every open channel stopped without asking Google: for a database moved to a Google
    /// that never saw its channels (the sandbox's emulator after a restart), so new ones are opened.
    public func forgetPushChannels(at now: Date) async throws {
        try await writer.write { db in
            _ = try PushChannel.filter(Columns.stoppedAt == nil).updateAll(db, Columns.stoppedAt.set(to: now))
        }
    }

    /// A channel renewed in place (a Graph subscription after `reauthorizationRequired`).
    public func recordPushChannelRenewed(id: String, until expiry: Date) async throws {
        try await writer.write { db in
            _ = try PushChannel.filter(key: id).updateAll(db, Column(PushChannel.CodingKeys.expiresAt).set(to: expiry))
        }
    }

    /// What the source granted, on a channel not stopped meanwhile; false when it was (its source
    /// ended it before its answer came back: Graph's `subscriptionRemoved`).
    public func recordPushChannelWatched(id: String, resourceID: String, until expiry: Date) async throws -> Bool {
        try await writer.write { db in
            try PushChannel.filter(key: id).filter(Columns.stoppedAt == nil)
                .updateAll(db, Columns.resourceID.set(to: resourceID), Column(PushChannel.CodingKeys.expiresAt).set(to: expiry)) > 0
        }
    }

    public func recordPushChannelStopped(id: String, at now: Date) async throws {
        try await writer.write { db in
            _ = try PushChannel.filter(key: id).updateAll(db, Columns.stoppedAt.set(to: now))
        }
    }
}
