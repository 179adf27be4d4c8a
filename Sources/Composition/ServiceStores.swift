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
            return try await PostgresAppDatabase.open(location, maximumConnections: settings.twilio.sendConcurrency + 4, logger: logger)
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

/// What workers sharing one PostgreSQL database share beyond the store (DESIGN.md §27): which
/// worker leads each calendar, and doorbells across workers. One process on SQLite is alone.
package struct ServiceCluster: Sendable {
    let leases: any CalendarLeases
    /// The shared database, for the doorbells; nil on SQLite.
    let database: PostgresAppDatabase?
    let leadership: CalendarLeadership?

    static let alone = ServiceCluster(leases: SoleWorker(), database: nil, leadership: nil)

    static func joining(_ store: any ServiceStore, logger: Logger) -> ServiceCluster {
        guard let database = store as? PostgresAppDatabase else { return .alone }
        let leadership = CalendarLeadership(location: database.location, worker: database.worker, logger: logger)
        return ServiceCluster(leases: leadership, database: database, leadership: leadership)
    }

    /// Rings from the other workers ring this one's loops; this one's rings of the loops that act
    /// on one calendar's worker (watching, writing back, push channels) go to the others. The
    /// sender is not passed on: any worker sends any message.
    func connect(_ bells: ServiceBells) -> WorkerDoorbells? {
        guard let database else { return nil }
        let doorbells = WorkerDoorbells(database: database) { loop in
            switch loop {
            case "watcher": bells.watcher.ringHere()
            case "writeBack": bells.writeBack.ringHere()
            case "push": bells.push.ringHere()
            default:
                bells.watcher.ringHere()
                bells.writeBack.ringHere()
                bells.push.ringHere()
                bells.sender.ringHere()
            }
        }
        bells.watcher.relayRings { doorbells.relay("watcher") }
        bells.writeBack.relayRings { doorbells.relay("writeBack") }
        bells.push.relayRings { doorbells.relay("push") }
        return doorbells
    }

    /// Bookings one at a time per calendar: in memory for one process, in the database for several.
    var bookingLock: any BookingSerialiser {
        database.map { PostgresBookingLock(database: $0) } ?? CalendarBookingLock()
    }

    func close() async {
        await leadership?.close()
    }
}
