import Foundation
import Logging
import Notifier
import PostgresStore

extension WhatsAppService {
    /// `gcal-whatsapp migrate-to-postgres`: copies everything at `databasePath` (SQLite) into the
    /// empty PostgreSQL database at `location`. Holds SQLite's lock throughout, so it runs only
    /// while no `serve` or `sync` does; returns each table's row count.
    package static func migrateToPostgres(databasePath: String, to location: PostgresLocation,
                                          logger: Logger) async throws -> [(name: String, count: Int)] {
        let lock = try DatabaseLock.acquire(databasePath: databasePath)
        defer { lock.release() }
        let source = try AppDatabase.openReadOnly(path: databasePath)
        var tables: [(name: String, rows: [String])] = []
        for table in AppDatabase.tablesInCopyOrder {
            tables.append((table, try await source.exportedRows(of: table)))
        }
        let target = try await PostgresAppDatabase.open(location, maximumConnections: 2, logger: logger)
        do {
            let counts = try await target.importRows(tables)
            await target.close()
            return counts
        } catch {
            await target.close()
            throw error
        }
    }
}
