import Foundation
import GRDB
import Notifier
import PostgresNIO
import TestSupport
import Testing
@testable import PostgresStore

@Suite("PostgreSQL schema", .enabled(if: TestPostgres.isAvailable, TestPostgres.skipReason))
struct PostgresSchemaTests {
    @Test func hasEveryTableAndColumnSQLiteHas() async throws {
        let folder = try TemporaryDirectory()
        _ = try AppDatabase.open(path: folder.path("app.sqlite"))
        let sqlite = try DatabaseQueue(path: folder.path("app.sqlite"))
        let sqliteColumns = try await sqlite.read { db in
            var columns: [String: Set<String>] = [:]
            for table in try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                """) {
                columns[table] = Set(try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String })
            }
            return columns
        }
        try await TestPostgres.withDatabase { location in
            let database = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            var postgresColumns: [String: Set<String>] = [:]
            for try await (table, column) in try await database.client.query("""
                SELECT table_name::text, column_name::text FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
                """, logger: TestPostgres.logger).decode((String, String).self) {
                postgresColumns[table, default: []].insert(column)
            }
            // The workers' lease columns are PostgreSQL's own; everything else is the same.
            postgresColumns["outbox"]?.subtract(["claimed_by", "lease_until"])
            #expect(postgresColumns == sqliteColumns)
            await database.close()
        }
    }

    @Test func migratesOnceWhenSeveralWorkersStartTogether() async throws {
        try await TestPostgres.withDatabase { location in
            let workers = try await withThrowingTaskGroup(of: PostgresAppDatabase.self) { group in
                for _ in 0..<4 { group.addTask { try await PostgresAppDatabase.open(location, logger: TestPostgres.logger) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for worker in workers {
                #expect(try await worker.appliedMigrations() == PostgresSchema.steps.map(\.name))
                #expect(await worker.isHealthy())
                await worker.close()
            }
            // Opening again applies nothing new.
            let again = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            #expect(try await again.appliedMigrations() == PostgresSchema.steps.map(\.name))
            await again.close()
        }
    }

    @Test func keepsTheSameRulesAsSQLite() async throws {
        try await TestPostgres.withDatabase { location in
            let database = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            let now = Date()
            // A short link can only ever point at the service's own pages.
            await #expect(throws: PSQLError.self) {
                try await database.client.query("""
                    INSERT INTO links (code, target, calendar_id, event_id, created_at)
                    VALUES ('abcdefghij', 'https://evil.example/', 'c', 'e', \(now))
                    """, logger: TestPostgres.logger)
            }
            try await database.client.query("""
                INSERT INTO links (code, target, calendar_id, event_id, created_at) VALUES ('abcdefghij', '/cancel/token', 'c', 'e', \(now))
                """, logger: TestPostgres.logger)
            // A number is stored in E.164 only.
            await #expect(throws: PSQLError.self) {
                try await database.client.query("INSERT INTO opt_outs (phone, opted_out_at) VALUES ('0044 7700', \(now))",
                                                logger: TestPostgres.logger)
            }
            await database.close()
        }
    }

    /// A time written in a record and the same time bound to a query are the same microsecond
    /// (a message due "now" is due at that now): found by a flaky test, when the record's time
    /// was cut from 1970 and the query's from 2000.
    @Test func aTimeStoredAndTheSameTimeComparedAgree() async throws {
        try await TestPostgres.withDatabase { location in
            let database = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            for _ in 0..<300 {
                let date = Date(timeIntervalSince1970: Double.random(in: 1_700_000_000...1_900_000_000))
                let text = PostgresRecords.timestampText(date)
                var same = false
                for try await answer in try await database.client.query(
                    "SELECT \(text)::timestamptz = \(date)", logger: TestPostgres.logger).decode(Bool.self) {
                    same = answer
                }
                #expect(same, "\(date.timeIntervalSince1970) written as \(text)")
            }
            await database.close()
        }
    }
}
