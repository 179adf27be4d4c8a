import Foundation
import Logging
import Notifier
import PostgresStore

/// Which store the settings name (DESIGN.md §27): PostgreSQL at `DATABASE_URL`, shared by several
/// workers, or SQLite at `DATABASE_PATH` for one process.
package enum ServiceStores {
    /// Opens (creating and migrating when needed) the service's store.
    package static func open(_ settings: Settings, logger: Logger) async throws -> any ServiceStore {
        if let location = settings.databaseURL {
            return try await PostgresAppDatabase.open(location, maximumConnections: settings.twilio.sendConcurrency + 8, logger: logger)
        }
        return try AppDatabase.open(path: settings.databasePath)
    }

    /// For commands that only read (`check`, `sync --dry-run`): SQLite's file is opened read-only
    /// and not created; PostgreSQL's is opened as usual (migrating a database older than this
    /// version, as a worker starting would).
    package static func openForReading(_ settings: Settings, logger: Logger) async throws -> any ServiceStore {
        try await openForReading(url: settings.databaseURL, path: settings.databasePath, logger: logger)
    }

    package static func openForReading(url: PostgresLocation?, path: String, logger: Logger) async throws -> any ServiceStore {
        if let url { return try await PostgresAppDatabase.open(url, maximumConnections: 2, logger: logger) }
        return try AppDatabase.openReadOnly(path: path)
    }
}
