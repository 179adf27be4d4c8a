import Notifier
import PostgresNIO

/// The other half of `migrate-to-postgres`: rows exported from SQLite, copied into an empty
/// PostgreSQL database in one transaction (all or nothing), identity counters moved past the ids
/// copied so that new messages never reuse one.
extension PostgresAppDatabase {
    public struct NotEmpty: Error, CustomStringConvertible {
        public let table: String
        public var description: String {
            "the PostgreSQL database already holds rows (table \(table)): migrate into a new, empty database"
        }
    }

    /// A row PostgreSQL would not take, named so that the operator can find and fix it in SQLite.
    public struct RowRefused: Error, CustomStringConvertible {
        public let table: String
        /// Its place in the table, from 1, in SQLite's row order.
        public let number: Int
        public let reason: String
        public var description: String {
            "row \(number) of table \(table) was refused: \(reason); nothing was copied"
        }
    }

    /// Throws `NotEmpty` when any of `tables` holds a row: checked before the source is read,
    /// and again in the copy's own transaction.
    public func requireEmpty(_ tables: [String]) async throws {
        try await read { db in try await Self.requireEmpty(tables, db) }
    }

    private static func requireEmpty(_ tables: [String], _ db: PostgresSession) async throws {
        for table in tables where try await db.value(Bool.self, PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \(table))")) == true {
            throw NotEmpty(table: table)
        }
    }

    /// Copies `tables` (name and JSON rows, in copy order); returns how many rows each got.
    public func importRows(_ tables: [(name: String, rows: [String])]) async throws -> [(name: String, count: Int)] {
        try await write { db in
            try await Self.requireEmpty(tables.map(\.name), db)
            var counts: [(name: String, count: Int)] = []
            for (table, rows) in tables {
                for (index, row) in rows.enumerated() {
                    var bindings = PostgresBindings()
                    bindings.append(row)
                    do {
                        try await db.execute(PostgresQuery(
                            unsafeSQL: "INSERT INTO \(table) SELECT * FROM json_populate_record(NULL::\(table), $1::json)", binds: bindings))
                    } catch let error as PSQLError where !error.asksForRetry {
                        throw RowRefused(table: table, number: index + 1, reason: PSQLError.reason(error))
                    }
                }
                counts.append((table, rows.count))
            }
            for table in ["outbox", "cancellation_requests"] {
                try await db.execute(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE((SELECT max(id) FROM \(table)), 0) + 1, false)
                    """))
            }
            return counts
        }
    }
}
