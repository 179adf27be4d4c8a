import Foundation
import Logging
import Notifier
import PostgresStore

extension WhatsAppService {
    /// `gcal-whatsapp migrate-to-postgres`: copies everything at `databasePath` (SQLite) into the
    /// empty PostgreSQL database at `location`. Holds SQLite's lock throughout, so it runs only
    /// while no `serve` or `sync` does.
    package static func migrateToPostgres(databasePath: String, to location: PostgresLocation,
                                          logger: Logger) async throws -> PostgresMigration {
        let lock = try DatabaseLock.acquire(databasePath: databasePath)
        defer { lock.release() }
        // Opened as `serve` would (the lock is held): a file an older version wrote is migrated
        // first, so its columns are this version's, and a date no store can read (a five-digit
        // year) is repaired as `serve` repairs it (the session failed with the reason) rather
        // than copied, where PostgreSQL would refuse it.
        let source = try AppDatabase.open(path: databasePath)
        let repaired = try await source.repairUnreadableRows()
        var tables: [(name: String, rows: [String])] = []
        for table in AppDatabase.tablesInCopyOrder {
            tables.append((table, try await source.exportedRows(of: table)))
        }
        let target = try await PostgresAppDatabase.open(location, maximumConnections: 2, logger: logger)
        do {
            let counts = try await target.importRows(tables)
            await target.close()
            return PostgresMigration(tables: counts, repairedRows: repaired)
        } catch {
            await target.close()
            throw error
        }
    }
}

/// What `migrate-to-postgres` copied: each table's row count, and how many rows it repaired first.
package struct PostgresMigration: Sendable {
    package let tables: [(name: String, count: Int)]
    package let repairedRows: Int
}
