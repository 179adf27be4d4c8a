import Foundation
import Notifier
import PostgresNIO

/// Push channels on watched calendars (DESIGN.md §27): each calendar's channel is opened and
/// renewed by its one worker (`CalendarLeadership`), while any worker may take a notification
/// and look its channel up. Every write is one statement on one row, so none reads before it writes.
extension PostgresAppDatabase {
    /// Channels not stopped, newest first.
    public func openPushChannels() async throws -> [PushChannel] {
        try await read { db in
            try await db.records(PushChannel.self, """
                SELECT row_to_json(p)::text FROM push_channels p WHERE stopped_at IS NULL ORDER BY opened_at DESC
                """)
        }
    }

    public func pushChannel(id: String) async throws -> PushChannel? {
        try await read { db in
            try await db.record(PushChannel.self, "SELECT row_to_json(p)::text FROM push_channels p WHERE id = \(id)")
        }
    }

    /// The live channel whose source-given id is `resourceID` (a Graph subscription id); the
    /// newest, should there be two.
    public func pushChannel(resourceID: String) async throws -> PushChannel? {
        try await read { db in
            try await db.record(PushChannel.self, """
                SELECT row_to_json(p)::text FROM push_channels p
                WHERE resource_id = \(resourceID) AND stopped_at IS NULL
                ORDER BY opened_at DESC LIMIT 1
                """)
        }
    }

    /// Stores a channel before, and again after, `events.watch`.
    public func savePushChannel(_ channel: PushChannel) async throws {
        try await write { db in try await db.save(channel, into: "push_channels", key: ["id"]) }
    }

    /// Marks every open channel stopped without asking Google: for a database moved to a Google
    /// that never saw its channels (the sandbox's emulator after a restart), so new ones are opened.
    public func forgetPushChannels(at now: Date) async throws {
        try await write { db in
            try await db.execute("UPDATE push_channels SET stopped_at = \(now) WHERE stopped_at IS NULL")
        }
    }

    /// A channel renewed in place (a Graph subscription after `reauthorizationRequired`).
    public func recordPushChannelRenewed(id: String, until expiry: Date) async throws {
        try await write { db in
            try await db.execute("UPDATE push_channels SET expires_at = \(expiry) WHERE id = \(id)")
        }
    }

    public func recordPushChannelWatched(id: String, resourceID: String, until expiry: Date) async throws -> Bool {
        try await write { db in
            try await db.changes("""
                UPDATE push_channels SET resource_id = \(resourceID), expires_at = \(expiry)
                WHERE id = \(id) AND stopped_at IS NULL RETURNING 1
                """) > 0
        }
    }

    public func recordPushChannelStopped(id: String, at now: Date) async throws {
        try await write { db in
            try await db.execute("UPDATE push_channels SET stopped_at = \(now) WHERE id = \(id)")
        }
    }
}
