import Foundation
import Logging
import Notifier
import PostgresNIO

/// One connection lent for a read or a transaction, with the few things the store does on it,
/// so that each store method reads like its SQLite twin (`writer.write { db in … }`):
/// records come back through `row_to_json` and go in through `json_populate_record`, both
/// with the records' own `Codable` keys, which are the column names.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs a statement, discarding any rows.
    func execute(_ query: PostgresQuery) async throws {
        try await connection.query(query, logger: logger)
    }

    /// Runs a statement that ends in `RETURNING 1` (or any one column) and counts the rows it
    /// changed: PostgreSQL's answer to SQLite's `changesCount`.
    func changes(_ query: PostgresQuery) async throws -> Int {
        var count = 0
        for try await _ in try await connection.query(query, logger: logger) { count += 1 }
        return count
    }

    /// The first column of every row, as `Value`.
    func values<Value: PostgresDecodable & Sendable>(_ type: Value.Type, _ query: PostgresQuery) async throws -> [Value] {
        var values: [Value] = []
        for try await value in try await connection.query(query, logger: logger).decode(Value.self) { values.append(value) }
        return values
    }

    /// The first column of the first row, if any row came back.
    func value<Value: PostgresDecodable & Sendable>(_ type: Value.Type, _ query: PostgresQuery) async throws -> Value? {
        try await values(type, query).first
    }

    /// Rows of a query whose one column is `row_to_json(table)::text`, decoded as records.
    func records<Record: Decodable>(_ type: Record.Type, _ query: PostgresQuery) async throws -> [Record] {
        try await values(String.self, query).map { try PostgresRecords.decode(type, json: $0) }
    }

    func record<Record: Decodable>(_ type: Record.Type, _ query: PostgresQuery) async throws -> Record? {
        try await records(type, query).first
    }

    /// Inserts `record` into `table` (its nil values left to the column's default); returns the
    /// new row's `id` when `returningID` (tables with an identity column).
    /// With `returningKey`, the new row's value of that (text) column, nil when nothing was
    /// inserted (`onConflictDoNothing`).
    func insert<Record: Encodable>(_ record: Record, into table: String, onConflictDoNothing: Bool, returningKey key: String) async throws -> String? {
        let json = try PostgresRecords.encode(record)
        let columns = try PostgresRecords.presentColumns(json).map(PostgresRecords.quoted).joined(separator: ", ")
        var sql = "INSERT INTO \(table) (\(columns)) SELECT \(columns) FROM json_populate_record(NULL::\(table), $1::json)"
        if onConflictDoNothing { sql += " ON CONFLICT DO NOTHING" }
        sql += " RETURNING \(PostgresRecords.quoted(key))"
        var bindings = PostgresBindings()
        bindings.append(json)
        return try await value(String.self, PostgresQuery(unsafeSQL: sql, binds: bindings))
    }

    @discardableResult
    func insert<Record: Encodable>(_ record: Record, into table: String, returningID: Bool = false,
                                   onConflictDoNothing: Bool = false) async throws -> Int64? {
        let json = try PostgresRecords.encode(record)
        let columns = try PostgresRecords.presentColumns(json).map(PostgresRecords.quoted).joined(separator: ", ")
        var sql = "INSERT INTO \(table) (\(columns)) SELECT \(columns) FROM json_populate_record(NULL::\(table), $1::json)"
        if onConflictDoNothing { sql += " ON CONFLICT DO NOTHING" }
        if returningID { sql += " RETURNING id" }
        var bindings = PostgresBindings()
        bindings.append(json)
        let query = PostgresQuery(unsafeSQL: sql, binds: bindings)
        if returningID { return try await value(Int64.self, query) }
        try await execute(query)
        return nil
    }

    /// Inserts `record`, or on a conflict over `key` replaces every other column with the
    /// record's (GRDB's `save`).
    func save<Record: Encodable>(_ record: Record, into table: String, key: [String]) async throws {
        let json = try PostgresRecords.encode(record)
        let columns = try PostgresRecords.presentColumns(json)
        let list = columns.map(PostgresRecords.quoted).joined(separator: ", ")
        let others = try await tableColumns(table).filter { !key.contains($0) }
        let update = others.isEmpty ? "DO NOTHING"
            : "DO UPDATE SET (\(others.map(PostgresRecords.quoted).joined(separator: ", "))) = "
            + "(SELECT \(others.map(PostgresRecords.quoted).joined(separator: ", ")) FROM json_populate_record(NULL::\(table), $1::json))"
        var bindings = PostgresBindings()
        bindings.append(json)
        try await execute(PostgresQuery(unsafeSQL: """
            INSERT INTO \(table) (\(list)) SELECT \(list) FROM json_populate_record(NULL::\(table), $1::json)
            ON CONFLICT (\(key.map(PostgresRecords.quoted).joined(separator: ", "))) \(update)
            """, binds: bindings))
    }

    /// Writes every column of `record` over the row with the same `key` (GRDB's `update`);
    /// the workers' own columns (claims) are left as they are.
    func update<Record: Encodable>(_ record: Record, in table: String, key: [String]) async throws {
        let json = try PostgresRecords.encode(record)
        let others = try await tableColumns(table).filter { !key.contains($0) }
        let list = others.map(PostgresRecords.quoted).joined(separator: ", ")
        let match = key.map { "\(table).\(PostgresRecords.quoted($0)) = given.\(PostgresRecords.quoted($0))" }.joined(separator: " AND ")
        var bindings = PostgresBindings()
        bindings.append(json)
        try await execute(PostgresQuery(unsafeSQL: """
            UPDATE \(table) SET (\(list)) = (SELECT \(list) FROM json_populate_record(NULL::\(table), $1::json))
            FROM json_populate_record(NULL::\(table), $1::json) AS given WHERE \(match)
            """, binds: bindings))
    }

    /// The table's columns shared with SQLite (the workers' claim columns are PostgreSQL's own).
    func tableColumns(_ table: String) async throws -> [String] {
        try await values(String.self, """
            SELECT column_name::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
            """).filter { !PostgresSchema.workerColumns.contains($0) }
    }
}

extension PostgresAppDatabase {
    /// A read on a pooled connection, outside any transaction.
    func read<Value>(_ body: (PostgresSession) async throws -> Value) async throws -> Value {
        try await client.withConnection { connection in
            try await body(PostgresSession(connection: connection, logger: logger))
        }
    }

    /// One transaction: committed when `body` returns, rolled back when it throws. A deadlock or
    /// a serialization failure (two workers' transactions crossing) runs it again, twice at most:
    /// a STOP or a report is not lost to another worker's write at the same instant.
    func write<Value>(_ body: (PostgresSession) async throws -> Value) async throws -> Value {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await writeOnce(body)
            } catch let error as PSQLError where error.asksForRetry && attempt < 3 {
                logger.notice("a transaction crossed another worker's; running it again", metadata: ["attempt": "\(attempt)"])
            }
        }
    }

    private func writeOnce<Value>(_ body: (PostgresSession) async throws -> Value) async throws -> Value {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await body(PostgresSession(connection: connection, logger: logger))
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }
}
