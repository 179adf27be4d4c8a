import Foundation
import GRDB
import Testing
import TestSupport
@testable import Notifier

/// SQLite's own file: its permissions, its migrations, its schema's rules. PostgreSQL's schema has
/// its own tests (`PostgresSchemaTests`: the same tables and columns, the same rules).
@Suite(.enabled(if: !TestStore.isPostgres, "SQLite's own file; PostgreSQL's schema in PostgresSchemaTests"))
struct StoreTests {
    let directory: TemporaryDirectory
    let path: String

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("nested/dir/service.sqlite")
    }

    @Test func createsTheFileOwnerOnlyInWALMode() async throws {
        let database = try AppDatabase.open(path: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(await database.isHealthy())
        let journal = try await file().read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        let foreignKeys = try await file().read { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(foreignKeys == true)
    }

    @Test func aFileDeletedOrReplacedUnderTheServiceIsNotHealthy() async throws {
        let database = try AppDatabase.open(path: path)
        #expect(await database.isHealthy())
        try FileManager.default.moveItem(atPath: path, toPath: path + ".moved")
        #expect(await database.isHealthy() == false, "moved away")
        _ = try AppDatabase.open(path: path)
        #expect(await database.isHealthy() == false, "another file at its path")
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: path + ".moved", toPath: path)
        #expect(await database.isHealthy(), "its own file back")
    }

    @Test func aFolderItCreatesIsTheOwnersOnly() throws {
        _ = try AppDatabase.open(path: path)
        let folderMode = try FileManager.default.attributesOfItem(atPath: directory.path("nested/dir"))[.posixPermissions] as? Int
        #expect(folderMode == 0o700, "whatever the umask (\(String(folderMode ?? 0, radix: 8)))")
    }

    @Test func theLockCreatingTheFolderFirstMakesItTheOwnersOnlyEvenUnderUmask000() throws {
        // `serve` takes the lock before it opens the store: the lock file used to create the
        // folder with the umask's mode (0777 under umask 000), and the store then left it so.
        let previous = umask(0)
        defer { umask(previous) }
        let lock = try DatabaseLock.acquire(databasePath: path)
        _ = try AppDatabase.open(path: path)
        for folder in ["nested", "nested/dir"] {
            let mode = try FileManager.default.attributesOfItem(atPath: directory.path(folder))[.posixPermissions] as? Int
            #expect(mode == 0o700, "\(folder): \(String(mode ?? 0, radix: 8))")
        }
        _ = lock
    }

    @Test func anExistingDatabaseReadableByOthersIsTightened() async throws {
        let first = try AppDatabase.open(path: path)
        try await first.saveLink(sampleLink())
        let files = [path, path + "-wal", path + "-shm"]
        for file in files {
            if !FileManager.default.fileExists(atPath: file) { _ = FileManager.default.createFile(atPath: file, contents: nil) }
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        }
        let reopened = try AppDatabase.open(path: path)
        for file in files {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file): \(String(mode ?? 0, radix: 8))")
        }
        #expect(try await reopened.link(code: sampleLink().code) == sampleLink())
    }

    @Test func migrationsAreIdempotentOnAnExistingFile() async throws {
        let first = try AppDatabase.open(path: path)
        try await first.saveLink(sampleLink())
        let reopened = try AppDatabase.open(path: path)
        #expect(try await reopened.link(code: sampleLink().code) == sampleLink())
        let applied = try await file().read { db in try AppDatabase.migrator.appliedMigrations(db) }
        #expect(applied == AppDatabase.migrator.migrations)
        #expect(applied.first == "v1")
        let tables = try await file().read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
        }
        #expect(tables == ["attendee_languages", "cancel_questions", "cancellation_requests", "confirmations", "connected_accounts", "delivery_reports", "events", "feeds", "host_sessions", "inbound", "links",
                           "opt_outs", "outbox", "push_channels", "reschedules", "sync_state"])
    }

    @Test func aVersionOneDatabaseKeepsItsOutboxThroughTheDispatchMigration() async throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(old, upTo: "v1")
        try await old.write { db in
            try db.execute(sql: "INSERT INTO events (calendar_id, event_id, status) VALUES ('c', 'e', 'confirmed')")
            try db.execute(sql: """
                INSERT INTO outbox (calendar_id, event_id, notice_key, kind, phone, summary, start_at, sequence, state,
                                    next_attempt_at, created_at)
                VALUES ('c', 'e', 'r1', 'scheduled', '+919876543210', 'Yoga', '2026-12-01 10:00:00', 0, 'sent',
                        '2026-11-30 10:00:00', '2026-11-30 10:00:00')
                """)
        }
        try old.close()
        _ = try AppDatabase.open(path: path)
        let row = try await file().read { db in try OutboxMessage.fetchOne(db, sql: "SELECT * FROM outbox") }
        #expect(row?.summary == "Yoga")
        #expect(row?.state == .sent)
        #expect(row?.body == nil)
        #expect(row?.writebackDue == false)
    }

    @Test func theSchemaAllowsOneMessagePerChange() async throws {
        _ = try AppDatabase.open(path: path)
        try await file().write { db in
            try db.execute(sql: "INSERT INTO events (calendar_id, event_id, status) VALUES ('c', 'e', 'confirmed')")
            let insert = """
                INSERT INTO outbox (calendar_id, event_id, notice_key, kind, phone, summary, start_at, sequence, next_attempt_at, created_at)
                VALUES ('c', 'e', ?, 'scheduled', '+919876543210', 'Session', '2026-11-24 09:30:00', 0, '2026-11-22', '2026-11-22')
                """
            try db.execute(sql: insert, arguments: ["r1"])
            #expect(throws: DatabaseError.self) { try db.execute(sql: insert, arguments: ["r1"]) }
            try db.execute(sql: insert, arguments: ["r2"])
        }
    }

    @Test func outboxRowsNeedTheirEvent() async throws {
        _ = try AppDatabase.open(path: path)
        await #expect(throws: DatabaseError.self) {
            try await file().write { db in
                try db.execute(sql: """
                    INSERT INTO outbox (calendar_id, event_id, notice_key, kind, phone, summary, start_at, sequence, next_attempt_at, created_at)
                    VALUES ('c', 'missing', 'r1', 'scheduled', '+919876543210', 'S', '2026-11-24', 0, '2026-11-22', '2026-11-22')
                    """)
            }
        }
    }

    @Test func shortLinksOnlyPointAtThisServicesPages() async throws {
        let database = try AppDatabase.open(path: path)
        var link = sampleLink()
        link.target = "https://evil.example.com/"
        await #expect(throws: DatabaseError.self) { try await database.saveLink(link) }
        link.target = "/cancel/"
        await #expect(throws: DatabaseError.self) { try await database.saveLink(link) }
        #expect(try await database.link(code: link.code) == nil)
    }

    @Test func randomCodesAreLongBase62() {
        let codes = (0..<1_000).map { _ in ShortLink.randomCode() }
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.count >= 10 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
    }

    @Test func everyCharacterOfACodeIsEquallyLikely() {
        // 744,000 characters: about 12,000 each, give or take 1 %; a byte taken modulo 62 without
        // throwing the top ones away would make the first eight a quarter more frequent.
        var counts: [Character: Int] = [:]
        for _ in 0..<62_000 { for character in ShortLink.randomCode() { counts[character, default: 0] += 1 } }
        #expect(counts.count == 62)
        let (least, most) = (counts.values.min() ?? 0, counts.values.max() ?? 0)
        #expect(Double(most) / Double(max(least, 1)) < 1.1, "least \(least), most \(most)")
    }

    @Test func theDispatchersQueriesFindTheirRowsThroughTheDueIndex() async throws {
        let database = try AppDatabase.open(path: path)
        let plans = try await database.writer.read { db in
            try [AppDatabase.due(at: Date(), limit: 50), OutboxMessage.filter(OutboxMessage.stillToSend)].map { request in
                let statement = try request.makePreparedRequest(db, forSingleResult: false).statement
                return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(statement.sql)", arguments: statement.arguments)
                    .map { $0["detail"] as String }.joined(separator: "; ")
            }
        }
        for plan in plans { #expect(plan.contains("outbox_due") && !plan.contains("SCAN outbox"), "\(plan)") }
    }

    /// SQLite builds a temporary table each time a statement runs for an `IN` list of three or
    /// more values (`State.sqlAnyOf`), `outbox_due`'s condition included, and for an `OR` of two
    /// ways to find rows. The statements every message runs build none of their own; one that
    /// sets a state builds the one the table's CHECK on `state` needs (only rebuilding the table
    /// would change that CHECK). Read on the writer: a read-only connection compiles no checks.
    @Test func theSendAndWriteBackStatementsBuildNoTemporaryTable() async throws {
        let database = try AppDatabase.open(path: path)
        let statements = [SendPath.messageSQL, SendPath.optedOutSQL, SendPath.linkSQL, SendPath.beginSQL, SendPath.acceptSQL,
                          SendPath.settleSQL, WriteBackPath.settledSQL, WriteBackPath.eventSQL, WriteBackPath.confirmationsSQL,
                          WriteBackPath.writtenSQL, WriteBackPath.shownSQL, WriteBackPath.problemShownSQL,
                          AppDatabase.releaseNoticesSQL]
        let counts = try await database.writer.write { db in
            try statements.map { sql in
                let unbound = StatementArguments(Array(repeating: nil as String?, count: sql.filter { $0 == "?" }.count))
                return try Row.fetchAll(db, sql: "EXPLAIN \(sql)", arguments: unbound).filter { $0["opcode"] == "OpenEphemeral" }.count
            }
        }
        for (sql, count) in zip(statements, counts) {
            #expect(count == (sql.contains("SET \(OutboxMessage.Columns.state.name) =") ? 1 : 0), "\(sql)")
        }
    }

    @Test func aDeliveredMessagesStateLeavesTheDueIndex() async throws {
        // Only messages still to send are in `outbox_due`: the states a delivery report writes
        // (queued, sent, delivered, read) change no page of it.
        let database = try AppDatabase.open(path: path)
        let indexes = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND sql IS NOT NULL")
        }
        #expect(indexes.allSatisfy { !$0.contains("state") || $0.contains("WHERE \(OutboxMessage.stillToSendSQL)") }, "\(indexes)")
    }

    /// The database file through a connection of the test's own (foreign keys on, as GRDB's
    /// default and the service's), for checks of the schema itself.
    func file() throws -> DatabaseQueue {
        try DatabaseQueue(path: path)
    }

    func sampleLink() -> ShortLink {
        ShortLink(code: "Ab3dEf9hJk12", target: "/cancel/gAAAA-token=", calendarID: "c", eventID: "e",
                  createdAt: Date(timeIntervalSince1970: 1_800_000_000))
    }
}
