import GRDB

/// Moving to PostgreSQL (`gcal-whatsapp migrate-to-postgres`, DESIGN.md §27): every row of every
/// table, as SQLite has it, for PostgreSQL's identical schema. Links, tokens and the outbox carry
/// over as they are, so every link already sent keeps working and nothing is sent twice.
extension AppDatabase {
    /// The tables in an order that keeps every foreign key satisfied as they are copied.
    package static let tablesInCopyOrder = [
        "sync_state", "events", "links", "outbox", "inbound", "delivery_reports", "reschedules", "opt_outs", "cancel_questions",
        "confirmations", "cancellation_requests", "push_channels", "feeds", "host_sessions", "connected_accounts", "attendee_languages",
    ]

    /// Every row of `table` as a JSON object keyed by column name (dates as SQLite keeps them,
    /// UTC; booleans as 0 and 1, which PostgreSQL reads as booleans).
    package func exportedRows(of table: String) async throws -> [String] {
        precondition(Self.tablesInCopyOrder.contains(table), "not a table of the service")
        return try await writer.read { db in
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
            let pairs = columns.map { "'\($0)', \"\($0)\"" }.joined(separator: ", ")
            return try String.fetchAll(db, sql: "SELECT json_object(\(pairs)) FROM \"\(table)\" ORDER BY rowid")
        }
    }
}
