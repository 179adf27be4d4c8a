import Foundation
import Notifier
import PostgresNIO

/// Short links (`/l/{code}`): written once, read by any worker (DESIGN.md §27).
extension PostgresAppDatabase {
    /// Stores a short link. A code taken already fails, as in SQLite (its 71 random bits make
    /// that a bug, not a race).
    public func saveLink(_ link: ShortLink) async throws {
        try await write { db in _ = try await db.insert(link, into: "links") }
    }

    /// The short link with this code, if any.
    public func link(code: String) async throws -> ShortLink? {
        try await read { db in
            try await db.record(ShortLink.self, "SELECT row_to_json(l)::text FROM links l WHERE code = \(code)")
        }
    }
}
