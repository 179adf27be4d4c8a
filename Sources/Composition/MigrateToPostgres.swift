import Foundation
import Logging
import Notifier
import PostgresStore

extension WhatsAppService {
    /// `gcal-whatsapp migrate-to-postgres`: copies everything at `databasePath` (SQLite) into the
    /// empty PostgreSQL database at `location`. Holds SQLite's lock throughout, so it runs only
    /// while no `serve` or `sync` does. The SQLite file is never changed: a consistent copy of it
    /// is upgraded and repaired, and that copy is what goes across (the old binary can still be
    /// started on the original if the move is called off).
    package static func migrateToPostgres(databasePath: String, to location: PostgresLocation,
                                          logger: Logger) async throws -> PostgresMigration {
        let lock = try DatabaseLock.acquire(databasePath: databasePath)
        defer { lock.release() }
        let target = try await PostgresAppDatabase.open(location, maximumConnections: 2, asWorker: false, logger: logger)
        do {
            // Refused before anything is read: a second run into the same database changes nothing.
            try await target.requireEmpty(AppDatabase.tablesInCopyOrder)
            let migration = try await copy(databasePath, into: target)
            await target.close()
            return migration
        } catch {
            await target.close()
            throw error
        }
    }

    private static func copy(_ databasePath: String, into target: PostgresAppDatabase) async throws -> PostgresMigration {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gcal-whatsapp-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let copyPath = folder.appendingPathComponent("source.sqlite").path
        do {
            _ = try AppDatabase.backup(databasePath: databasePath, to: copyPath)
        } catch {
            throw MigrationSourceError(path: databasePath, reason: "\(error)")
        }
        // Opened as `serve` would: a file an older version wrote is migrated first, so its
        // columns are this version's, and a date no store can read (a five-digit year) is
        // repaired as `serve` repairs it (the session failed with the reason) rather than copied,
        // where PostgreSQL would refuse it.
        let source = try AppDatabase.open(path: copyPath)
        let repaired = try await source.repairUnreadableRows()
        var tables: [(name: String, rows: [String])] = []
        for table in AppDatabase.tablesInCopyOrder {
            tables.append((table, try await source.exportedRows(of: table)))
        }
        return PostgresMigration(tables: try await target.importRows(tables), repairedRows: repaired)
    }
}

/// What `migrate-to-postgres` copied: each table's row count, and how many rows it repaired first.
package struct PostgresMigration: Sendable {
    package let tables: [(name: String, count: Int)]
    package let repairedRows: Int
}

/// The file at `DATABASE_PATH` is not a database this service wrote (empty, another program's,
/// damaged): nothing is copied from it.
package struct MigrationSourceError: Error, CustomStringConvertible {
    let path: String
    let reason: String

    package var description: String {
        "\(path) (DATABASE_PATH) is not a gcal-whatsapp database that can be copied: \(reason)"
    }
}
