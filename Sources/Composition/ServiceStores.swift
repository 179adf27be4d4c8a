import Foundation
import Logging
import Notifier
import PostgresStore
import Synchronization

/// Which store the settings name (DESIGN.md §27): PostgreSQL at `DATABASE_URL`, shared by several
/// workers, or SQLite at `DATABASE_PATH` for one process.
package enum ServiceStores {
    /// Opens (creating and migrating when needed) the service's store.
    /// `asWorker`: false for a command that only stores something (`connect`), not one of the
    /// workers that may lead calendars.
    package static func open(_ settings: Settings, asWorker: Bool = true, logger: Logger) async throws -> any ServiceStore {
        if let location = settings.databaseURL {
            return try await PostgresAppDatabase.open(location, maximumConnections: settings.twilio.sendConcurrency + 4, asWorker: asWorker,
                                                      logger: logger)
        }
        return try AppDatabase.open(path: settings.databasePath)
    }

    /// For commands that only read (`check`, `sync --dry-run`, `link inspect`): nothing is created
    /// or migrated. SQLite's file is opened read-only; PostgreSQL's schema is read as it is (one an
    /// older version set up is refused, as SQLite's is, until `serve` upgrades it).
    package static func openForReading(_ settings: Settings, logger: Logger) async throws -> any ServiceStore {
        try await openForReading(url: settings.databaseURL, path: settings.databasePath, logger: logger)
    }

    /// Whether `store` is the shared PostgreSQL one (an empty database opened for reading is read
    /// through an empty in-memory store instead).
    package static func isShared(_ store: any ServiceStore) -> Bool {
        store is PostgresAppDatabase
    }

    package static func openForReading(url: PostgresLocation?, path: String, logger: Logger) async throws -> any ServiceStore {
        guard let url else { return try AppDatabase.openReadOnly(path: path) }
        // A database no worker has set up yet holds nothing: read as an empty store, as SQLite's
        // missing file is, without creating a table.
        return try await PostgresAppDatabase.openForReading(url, logger: logger) ?? AppDatabase.empty()
    }
}

/// What workers sharing one PostgreSQL database share beyond the store (DESIGN.md §27): which
/// worker leads each calendar, and doorbells across workers. One process on SQLite is alone.
package struct ServiceCluster: Sendable {
    let leases: any CalendarLeases
    /// The shared database, for the doorbells; nil on SQLite.
    let database: PostgresAppDatabase?
    let leadership: CalendarLeadership?
    /// The doorbells `connect` opened, closed with the cluster: a service that failed to start
    /// (its port taken) or ran one pass (`sync`) must not leave a listener behind.
    private let listeners = Listeners()

    private final class Listeners: Sendable {
        let opened = Mutex<[WorkerDoorbells]>([])
    }

    static let alone = ServiceCluster(leases: SoleWorker(), database: nil, leadership: nil)

    private init(leases: any CalendarLeases, database: PostgresAppDatabase?, leadership: CalendarLeadership?) {
        self.leases = leases
        self.database = database
        self.leadership = leadership
    }

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
        listeners.opened.withLock { $0.append(doorbells) }
        return doorbells
    }

    /// Bookings one at a time per calendar: in memory for one process, in the database for several.
    var bookingLock: any BookingSerialiser {
        database.map { PostgresBookingLock(database: $0) } ?? CalendarBookingLock()
    }

    func close() async {
        for doorbells in listeners.opened.withLock({ $0 }) { await doorbells.close() }
        await leadership?.close()
    }
}
