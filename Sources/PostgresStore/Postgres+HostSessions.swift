import Foundation
import Notifier
import PostgresNIO

/// The dashboard's logins, one row each (DESIGN.md §19), shared by every worker: a login made
/// through one worker is open in all, and logging out (or a new password) ends it in all.
extension PostgresAppDatabase {
    /// Opens a session; expired ones, and those of another password, are cleared at the same time.
    /// Session ids are random: two logins at once insert different rows.
    public func openHostSession(id: String, key: String, expiresAt: Date, now: Date) async throws {
        try await write { db in
            try await db.execute("""
                DELETE FROM host_sessions WHERE expires_at <= \(now) OR "key" <> \(key)
                """)
            try await db.execute("""
                INSERT INTO host_sessions (id, "key", expires_at) VALUES (\(id), \(key), \(expiresAt))
                """)
        }
    }

    /// Whether the session is open: logged in with the current password, not logged out, not expired.
    public func isHostSessionOpen(id: String, key: String, now: Date) async throws -> Bool {
        try await read { db in
            try await db.value(Bool.self, """
                SELECT EXISTS (SELECT 1 FROM host_sessions WHERE id = \(id) AND "key" = \(key) AND expires_at > \(now))
                """) ?? false
        }
    }

    public func closeHostSession(id: String) async throws {
        try await write { db in try await db.execute("DELETE FROM host_sessions WHERE id = \(id)") }
    }
}
