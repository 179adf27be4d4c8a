import Foundation
import Notifier

/// SQLite keeps dates as text, and one a five-digit year or a hand edit left could not be read
/// back, failing every query of its table until repaired (`AppDatabase+UnreadableRows.swift`).
/// A TIMESTAMPTZ always reads: there is nothing to report or repair here.
extension PostgresAppDatabase {
    /// Why some rows cannot be read, for `/healthz`: never, in PostgreSQL.
    public func unreadableRows() async -> String? {
        nil
    }

    /// Repairs nothing (every row reads); returns how many it changed: none.
    @discardableResult
    public func repairUnreadableRows() async throws -> Int {
        0
    }
}
