import Foundation
import GRDB

/// The dashboard's logins, one row each (DESIGN.md §19): a signed cookie alone stayed valid for
/// its 12 hours after logging out. A session is open only while its row is; logging out deletes
/// it, and a password change ends them all (each row is bound to the key the password makes).
extension AppDatabase {
    /// Opens a session; expired ones, and those of another password, are cleared at the same time.
    public func openHostSession(id: String, key: String, expiresAt: Date, now: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM host_sessions WHERE expires_at <= ? OR key != ?", arguments: [now, key])
            try db.execute(sql: "INSERT INTO host_sessions (id, key, expires_at) VALUES (?, ?, ?)", arguments: [id, key, expiresAt])
        }
    }

    /// Whether the session is open: logged in with the current password, not logged out, not expired.
    public func isHostSessionOpen(id: String, key: String, now: Date) async throws -> Bool {
        try await readRepairing { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM host_sessions WHERE id = ? AND key = ? AND expires_at > ?",
                              arguments: [id, key, now]) ?? false
        }
    }

    public func closeHostSession(id: String) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM host_sessions WHERE id = ?", arguments: [id]) }
    }
}
