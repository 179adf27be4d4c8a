import Foundation
import Notifier
import PostgresNIO

/// Accounts connected through OAuth (one row a provider, its refresh token sealed), shared by
/// every worker: a connection made through one worker serves all.
extension PostgresAppDatabase {
    /// Saves (or replaces) the provider's connected account: an upsert, so two connections made
    /// at once both succeed and the later stays.
    public func saveConnectedAccount(_ row: ConnectedAccountRow) async throws {
        try await write { db in try await db.save(row, into: "connected_accounts", key: ["provider"]) }
    }

    /// Replaces the sealed refresh token of a connection still there (the provider rotated it);
    /// a connection removed meanwhile stays removed, and one replaced by another account keeps its token.
    public func replaceRefreshToken(provider: String, account: String, sealed: String) async throws {
        try await write { db in
            try await db.execute("""
                UPDATE connected_accounts SET sealed_refresh_token = \(sealed) WHERE provider = \(provider) AND account = \(account)
                """)
        }
    }

    public func connectedAccount(provider: String) async throws -> ConnectedAccountRow? {
        try await read { db in
            try await db.record(ConnectedAccountRow.self, "SELECT row_to_json(a)::text FROM connected_accounts a WHERE provider = \(provider)")
        }
    }

    public func connectedAccounts() async throws -> [ConnectedAccountRow] {
        try await read { db in
            try await db.records(ConnectedAccountRow.self, "SELECT row_to_json(a)::text FROM connected_accounts a ORDER BY provider")
        }
    }

    /// Forgets the provider's connection; returns whether there was one.
    @discardableResult
    public func removeConnectedAccount(provider: String) async throws -> Bool {
        try await write { db in
            try await db.changes("DELETE FROM connected_accounts WHERE provider = \(provider) RETURNING 1") > 0
        }
    }
}

// `forgetSyncCursors(calendarIDs:)`, in the same SQLite file, is in Postgres+Sync.swift.
