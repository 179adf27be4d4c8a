import Composition
import Foundation
import GRDB
import PostgresStore
import Logging
import TestSupport
import Testing
@testable import Notifier

/// `migrate-to-postgres` (DESIGN.md §27): a SQLite database a service used, copied into an empty
/// PostgreSQL database, is the same data there: the outbox, the links sent, the events.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] != nil,
                "needs TEST_DATABASE_URL (scripts/postgres/cluster.sh start DIR prints one; .ci/run does it)"))
struct MigrateToPostgresTests {
    @Test(.enabled(if: !TestStore.isPostgres, "the source is the SQLite world"))
    func everythingASQLiteServiceKeptIsThereAfterwardsAndASecondCopyIsRefused() async throws {
        let target = try #require(try TestStore.createDatabase(forcing: true))
        defer { TestStore.dropDatabase(target.name) }
        let location = try PostgresLocation(url: target.url)
        try await ServiceWorld.run { world in
            for index in 0..<3 { try await world.create("Session \(index)", inHours: 30 + Double(index), location: "+9198765\(43210 + index)") }
            try await world.pass()
            let messages = try await world.outbox()
            #expect(messages.count == 3)
            let code = try #require(messages.first?.cancelCode)
            let path = world.service.settings.databasePath
            await world.runner.stop()

            let migration = try await WhatsAppService.migrateToPostgres(databasePath: path, to: location, logger: Logger(label: "test"))
            let counts = migration.tables
            #expect(migration.repairedRows == 0)
            #expect(counts.first { $0.name == "outbox" }?.count == 3)
            #expect(counts.first { $0.name == "events" }?.count == 3)

            var settings = world.service.settings
            settings.databaseURL = location
            let copy = try await ServiceStores.open(settings, logger: Logger(label: "test"))
            #expect(try await copy.allOutboxMessages() == messages)
            #expect(try await copy.link(code: code)?.target.hasPrefix("/cancel/") == true)
            await copy.close()

            await #expect(throws: (any Error).self) {
                _ = try await WhatsAppService.migrateToPostgres(databasePath: path, to: location, logger: Logger(label: "test"))
            }
            try await world.runner.start()
        }
    }

    /// A row PostgreSQL cannot take: a date no store reads is repaired first (as `serve` repairs
    /// it); any other value it refuses is named by table and row, and nothing is copied.
    @Test(.enabled(if: !TestStore.isPostgres, "the source is the SQLite world"))
    func aFiveDigitYearIsRepairedAndARefusedValueIsNamed() async throws {
        let target = try #require(try TestStore.createDatabase(forcing: true))
        defer { TestStore.dropDatabase(target.name) }
        let location = try PostgresLocation(url: target.url)
        try await ServiceWorld.run { world in
            let typo = try await world.create("Typo", location: "+919876543211")
            try await world.create("Coaching")
            try await world.pass()
            let path = world.service.settings.databasePath
            await world.runner.stop()
            let file = try DatabaseQueue(path: path)
            try await file.write { db in
                try db.execute(sql: "UPDATE events SET start_at = '99999-01-01 00:00:00.000' WHERE event_id = ?", arguments: [typo])
                try db.execute(sql: "UPDATE outbox SET writeback_due = 7 WHERE event_id != ?", arguments: [typo])
            }
            try file.close()

            let refused = await #expect(throws: PostgresAppDatabase.RowRefused.self) {
                _ = try await WhatsAppService.migrateToPostgres(databasePath: path, to: location, logger: Logger(label: "test"))
            }
            #expect(refused?.table == "outbox")
            #expect(refused?.description.contains("boolean") == true, "\(refused?.description ?? "")")
            #expect(try TestStore.value(target.url, "SELECT count(*) FROM events") == "0", "nothing was copied")

            let mended = try DatabaseQueue(path: path)
            let typed = try await mended.write { db in
                try db.execute(sql: "UPDATE outbox SET writeback_due = 1 WHERE writeback_due = 7")
                return try String.fetchOne(db, sql: "SELECT start_at FROM events WHERE event_id = ?", arguments: [typo])
            }
            try mended.close()
            #expect(typed?.hasPrefix("99999") == true, "the source itself is never repaired: only its copy")
            let migration = try await WhatsAppService.migrateToPostgres(databasePath: path, to: location, logger: Logger(label: "test"))
            #expect(migration.repairedRows > 0)
            #expect(try TestStore.value(target.url, "SELECT time_problem FROM events WHERE event_id = '\(typo)'").contains("99999"))
            try await world.runner.start()
        }
    }

    /// Found by review: an empty file at `DATABASE_PATH` (a typo, a truncated file) was "copied"
    /// with success, and the source was upgraded even when the copy was refused.
    @Test(.enabled(if: !TestStore.isPostgres, "the source is a SQLite file"))
    func anEmptyFileIsRefusedAndAFullTargetLeavesTheSourceUntouched() async throws {
        let target = try #require(try TestStore.createDatabase(forcing: true))
        defer { TestStore.dropDatabase(target.name) }
        let location = try PostgresLocation(url: target.url)
        let directory = try TemporaryDirectory()
        let empty = directory.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let refused = await #expect(throws: MigrationSourceError.self) {
            _ = try await WhatsAppService.migrateToPostgres(databasePath: empty, to: location, logger: Logger(label: "test"))
        }
        #expect(refused?.description.contains("is not a gcal-whatsapp database") == true, "\(refused?.description ?? "")")
        #expect(try FileManager.default.attributesOfItem(atPath: empty)[.size] as? Int == 0, "left as it was")

        try await ServiceWorld.run { world in
            try await world.create("Coaching")
            try await world.pass()
            let path = world.service.settings.databasePath
            await world.runner.stop()
            _ = try await WhatsAppService.migrateToPostgres(databasePath: path, to: location, logger: Logger(label: "test"))
            // Back to an older version's file: the second copy is refused before it is read.
            let file = try DatabaseQueue(path: path)
            try await file.write { db in
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v13-push-channel-address'")
                try db.execute(sql: "ALTER TABLE push_channels DROP COLUMN address")
            }
            try file.close()
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            await #expect(throws: PostgresAppDatabase.NotEmpty.self) {
                _ = try await WhatsAppService.migrateToPostgres(databasePath: path, to: location, logger: Logger(label: "test"))
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the source is not upgraded by a refused copy")
            try await world.runner.start()
        }
    }
}
