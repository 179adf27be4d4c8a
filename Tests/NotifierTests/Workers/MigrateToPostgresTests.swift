import Composition
import Foundation
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

            let counts = try await WhatsAppService.migrateToPostgres(databasePath: path, to: location, logger: Logger(label: "test"))
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
}
