import Foundation
import GRDB

/// A row of `connected_accounts`: one account connected through OAuth, its refresh token sealed.
public struct ConnectedAccountRow: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "connected_accounts"
    /// "google" or "microsoft".
    public var provider: String
    /// The address the account signed in with, for the dashboard.
    public var account: String
    /// The refresh token, encrypted (`ConnectedAccounts` seals and opens it).
    var sealedRefreshToken: String
    public var connectedAt: Date

    enum CodingKeys: String, CodingKey {
        case provider, account, sealedRefreshToken = "sealed_refresh_token", connectedAt = "connected_at"
    }
}

extension AppDatabase {
    /// Saves (or replaces) the provider's connected account.
    package func saveConnectedAccount(_ row: ConnectedAccountRow) async throws {
        try await writer.write { db in try row.save(db) }
    }

    /// Replaces the sealed refresh token of a connection still there (the provider rotated it);
    /// a connection removed meanwhile stays removed.
    package func replaceRefreshToken(provider: String, account: String, sealed: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE connected_accounts SET sealed_refresh_token = ? WHERE provider = ? AND account = ?",
                           arguments: [sealed, provider, account])
        }
    }

    package func connectedAccount(provider: String) async throws -> ConnectedAccountRow? {
        try await writer.read { db in try ConnectedAccountRow.fetchOne(db, key: provider) }
    }

    public func connectedAccounts() async throws -> [ConnectedAccountRow] {
        try await writer.read { db in try ConnectedAccountRow.order(Column("provider")).fetchAll(db) }
    }

    /// Forgets the provider's connection; returns whether there was one.
    @discardableResult
    package func removeConnectedAccount(provider: String) async throws -> Bool {
        try await writer.write { db in try ConnectedAccountRow.deleteOne(db, key: provider) }
    }
}

extension AppDatabase {
    /// Forgets where the syncs of `calendarIDs` resume (their cursors point at a server that is
    /// gone: the sandbox's emulators of a previous run); the next round reads them in full, and
    /// what was told is kept, so nothing is sent twice.
    public func forgetSyncCursors(calendarIDs: [String]) async throws {
        guard !calendarIDs.isEmpty else { return }
        try await writer.write { db in
            _ = try SyncState.filter(calendarIDs.contains(Column("calendar_id"))).deleteAll(db)
        }
    }
}
