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

    /// Copies `tables` (name and JSON rows, in copy order); returns how many rows each got.
    public func importRows(_ tables: [(name: String, rows: [String])]) async throws -> [(name: String, count: Int)] {
        try await write { db in
            for table in tables.map(\.name) {
                if try await db.value(Bool.self, PostgresQuery(unsafeSQL: "SELECT EXISTS (SELECT 1 FROM \(table))")) == true {
                    throw NotEmpty(table: table)
                }
            }
            var counts: [(name: String, count: Int)] = []
            for (table, rows) in tables {
                for row in rows {
                    var bindings = PostgresBindings()
                    bindings.append(row)
                    try await db.execute(PostgresQuery(
                        unsafeSQL: "INSERT INTO \(table) SELECT * FROM json_populate_record(NULL::\(table), $1::json)", binds: bindings))
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
