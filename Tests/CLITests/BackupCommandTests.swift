import Emulators
import Foundation
import GRDB
import TestSupport
import Testing

/// `gcal-whatsapp backup FILE`: a consistent copy of the live database, taken while `serve` runs.
@Suite(.serialized)
struct BackupCommandTests {
    @Test(.enabled(if: !TestStore.isPostgres, "SQLite's own backup; with DATABASE_URL `backup` points to pg_dump"))
    func aBackupTakenWhileServeRunsHoldsEverythingAndOpens() async throws {
        try await EmulatedCalendar.run { google, twilio, cli, environment in
            var environment = environment
            environment["POLL_INTERVAL"] = "1s"
            let serve = try RunningCommand(["serve"], environment: environment, in: cli.directory)
            _ = try await serve.servingPort()
            let start = Date().addingTimeInterval(86_400)
            try await google.createEvent(in: EmulatedCalendar.id, summary: "Yoga", start: start,
                                         end: start.addingTimeInterval(3_600), location: "+919876543210")
            try await eventually("the message is sent") { await twilio.messages().count == 1 ? true : nil }

            let file = cli.directory.path("backup.sqlite")
            let backup = try await cli.run(["backup", file], environment: environment)
            #expect(backup.status == 0, "\(backup.error)")
            #expect(backup.output.contains("1 events, 1 messages"), "\(backup.output)")
            let copy = try DatabaseQueue(path: file)
            #expect(try await copy.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM outbox") } == 1)
            #expect(try await copy.read { try String.fetchOne($0, sql: "SELECT summary FROM events") } == "Yoga")
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "the copy holds phone numbers: owner only")

            let again = try await cli.run(["backup", file], environment: environment)
            #expect(again.status == 1)
            #expect(again.error.contains("exists already"))
            serve.signal(SIGTERM)
            #expect(await serve.exitStatus() == 0)

            var elsewhere = environment
            elsewhere["DATABASE_PATH"] = cli.directory.path("nothing-here.sqlite")
            let missing = try await cli.run(["backup", cli.directory.path("other.sqlite")], environment: elsewhere)
            #expect(missing.status == 1)
            #expect(missing.error.contains("there is no database at"))
            #expect(!FileManager.default.fileExists(atPath: cli.directory.path("other.sqlite")))
        }
    }

    /// PostgreSQL backs itself up consistently while the workers run: `backup` says how, with the
    /// file it was given, writes nothing, and never prints the password.
    @Test func withDatabaseURLBackupPointsToPgDump() async throws {
        let cli = try CLI()
        let environment = ["DATABASE_URL": "postgres://gcal:s3cret-pass@db.internal:5432/gcal?sslmode=require"]
        let result = try await cli.run(["backup", cli.directory.path("copy.dump")], environment: environment)
        #expect(result.status == 1)
        #expect(result.error.contains("pg_dump --format=custom --file=\(cli.directory.path("copy.dump")) \"$DATABASE_URL\""), "\(result.error)")
        #expect(result.error.contains("pg_restore"))
        #expect(!result.error.contains("s3cret-pass"), "\(result.error)")
        #expect(!FileManager.default.fileExists(atPath: cli.directory.path("copy.dump")))
    }
}
