import ArgumentParser
import Composition
import Foundation
import Logging
import Notifier

/// `gcal-whatsapp migrate-to-postgres`: from one process on SQLite to several workers on
/// PostgreSQL (DESIGN.md §27), keeping the outbox, the links and every token sent.
struct MigrateToPostgresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-to-postgres",
        abstract: "Copy the SQLite database at DATABASE_PATH into the empty PostgreSQL database at DATABASE_URL.",
        discussion: """
            Stop serve (and any sync from cron) first: the copy holds SQLite's lock. The target must be \
            new and empty; the copy is one transaction, so a failure leaves it empty. Links, tokens and \
            the outbox carry over as they are: links already sent keep working and nothing is sent twice. \
            Keep FERNET_KEY the same. Then start the workers with DATABASE_URL set (docs/INSTALL.md).
            """
    )

    func run() async throws {
        let (path, url) = try Console.configuration { () throws(ConfigurationError) in
            (try Settings.databasePath(source: .processDefault()), try Settings.databaseURL(source: .processDefault()))
        }
        guard let url else {
            Console.error("set DATABASE_URL to the new, empty PostgreSQL database (postgres://USER:PASSWORD@HOST:PORT/DATABASE)")
            throw ExitCode.failure
        }
        guard FileManager.default.fileExists(atPath: path) else {
            Console.error("there is no SQLite database at \(path) (DATABASE_PATH) to copy")
            throw ExitCode.failure
        }
        do {
            let migration = try await WhatsAppService.migrateToPostgres(
                databasePath: path, to: url, logger: Logger(label: "migrate", factory: { _ in SwiftLogNoOpLogHandler() }))
            if migration.repairedRows > 0 {
                print("""
                    repaired \(migration.repairedRows) row(s) whose date cannot be read, as serve does: their sessions are \
                    failed with the reason and shown red until the host fixes the date
                    """)
            }
            print("copied \(path) to \(url):")
            for (table, count) in migration.tables { print("  \(table): \(count)") }
        } catch {
            Console.error("migration failed, nothing was copied: \(error)")
            throw ExitCode.failure
        }
    }
}
