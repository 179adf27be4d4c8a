import Foundation
import TestSupport

/// What the binary left in its store, read from outside as an operator would: the SQLite file at
/// `DATABASE_PATH`, or the PostgreSQL database at `DATABASE_URL` on the PostgreSQL pass.
enum StoredData {
    /// Every byte stored, as text (the file, or a `pg_dump`): for tests that a secret is never kept in clear.
    static func everything(_ environment: [String: String]) throws -> String? {
        if let url = environment["DATABASE_URL"] { return try TestStore.dump(url) }
        return FileManager.default.contents(atPath: environment["DATABASE_PATH"] ?? "").map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the command created anything: the file, or a table in the (empty) database.
    static func exists(_ environment: [String: String]) throws -> Bool {
        if let url = environment["DATABASE_URL"] {
            return try TestStore.value(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") != "0"
        }
        return FileManager.default.fileExists(atPath: environment["DATABASE_PATH"] ?? "")
    }
}
