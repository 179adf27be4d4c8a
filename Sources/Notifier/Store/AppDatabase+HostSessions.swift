import Foundation
import GRDB

/// A row of `host_sessions`: one dashboard login.
struct HostSession: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "host_sessions"
    var id: String
    /// Bound to the password: a new password leaves every older row unusable.
    var key: String
    var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case id, key, expiresAt = "expires_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let key = Column(CodingKeys.key)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }
}

/// The dashboard's logins, one row each (DESIGN.md §19): a signed cookie alone stayed valid for
/// its 12 hours after logging out. A session is open only while its row is; logging out deletes
/// it, and a password change ends them all (each row is bound to the key the password makes).
extension AppDatabase {
    /// Opens a session; expired ones, and those of another password, are cleared at the same time.
    public func openHostSession(id: String, key: String, expiresAt: Date, now: Date) async throws {
        try await writer.write { db in
            _ = try HostSession.filter(HostSession.Columns.expiresAt <= now || HostSession.Columns.key != key).deleteAll(db)
            try HostSession(id: id, key: key, expiresAt: expiresAt).insert(db)
        }
    }

    /// Whether the session is open: logged in with the current password, not logged out, not expired.
    public func isHostSessionOpen(id: String, key: String, now: Date) async throws -> Bool {
        try await readRepairing { db in
            try HostSession.filter(HostSession.Columns.id == id && HostSession.Columns.key == key && HostSession.Columns.expiresAt > now)
                .fetchCount(db) > 0
        }
    }

    public func closeHostSession(id: String) async throws {
        try await writer.write { db in _ = try HostSession.deleteOne(db, key: id) }
    }
}
