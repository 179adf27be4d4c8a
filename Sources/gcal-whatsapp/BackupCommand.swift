import ArgumentParser
import Foundation
import Notifier

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the live database to FILE (SQLite online backup), safe while serve runs.",
        discussion: """
            Reads DATABASE_PATH and writes a consistent copy to FILE, checked with SQLite's \
            integrity check before it gets its name. FILE must not exist. To restore: stop the \
            service, copy the backup over DATABASE_PATH (and delete DATABASE_PATH-wal and -shm), \
            start the service.
            """
    )

    @Argument(help: "Where to write the copy; must not exist yet.")
    var file: String

    func run() throws {
        let (path, url) = try Console.configuration { () throws(ConfigurationError) in
            (try Settings.databasePath(source: .processDefault()), try Settings.databaseURL(source: .processDefault()))
        }
        if let url {
            // PostgreSQL has its own tool, consistent while the workers run, and restores with pg_restore.
            Console.error("""
                DATABASE_URL is set: the data is in PostgreSQL (\(url)), which backs itself up: \
                pg_dump --format=custom --file=\(file) "$DATABASE_URL" (restore with pg_restore; docs/INSTALL.md)
                """)
            throw ExitCode.failure
        }
        do {
            let report = try AppDatabase.backup(databasePath: path, to: file)
            print("backed up \(path) to \(file): \(report.bytes / 1_024) KiB, \(report.events) events, \(report.messages) messages")
        } catch {
            Console.error("backup failed: \(error)")
            throw ExitCode.failure
        }
    }
}
