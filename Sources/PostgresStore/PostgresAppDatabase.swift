import Foundation
import Logging
import Notifier
import PostgresNIO

/// The service's store in PostgreSQL (DESIGN.md §27), shared by every worker: a pool of
/// connections, migrated on open. Each worker names itself (`worker`) in the claims it makes.
public final class PostgresAppDatabase: Sendable {
    let client: PostgresClient
    let logger: Logger
    public let location: PostgresLocation
    /// This worker's name in the outbox's claims: host, process and a random part, so that a
    /// restarted worker never mistakes a dead one's claims for its own.
    public let worker: String
    private let running: Task<Void, Never>

    private init(location: PostgresLocation, client: PostgresClient, worker: String, logger: Logger) {
        self.location = location
        self.client = client
        self.worker = worker
        self.logger = logger
        running = Task { await client.run() }
    }

    /// Connects to the database at `location` and migrates it (several workers may do so at once).
    /// A wrong password, a refused TLS or an unreachable server fails here at once, with the
    /// server's reason: the pool alone would keep retrying in the background.
    /// `asWorker`: false for a command that is not one of the workers (`connect`,
    /// `migrate-to-postgres`): its sessions are named so that no worker counts it as another
    /// worker that could take a calendar over.
    public static func open(_ location: PostgresLocation, maximumConnections: Int = 10, asWorker: Bool = true,
                            logger: Logger) async throws -> PostgresAppDatabase {
        try await open(location, maximumConnections: maximumConnections, migrating: true, asWorker: asWorker, logger: logger)!
    }

    /// For the commands that only read (`check`, `sync --dry-run`, `link inspect`): nothing is
    /// created or migrated. Nil when no worker has set the database up yet (there is nothing to
    /// read); an error when an older version set it up, as SQLite's read-only open says.
    public static func openForReading(_ location: PostgresLocation, logger: Logger) async throws -> PostgresAppDatabase? {
        try await open(location, maximumConnections: 2, migrating: false, asWorker: false, logger: logger)
    }

    private static func open(_ location: PostgresLocation, maximumConnections: Int, migrating: Bool, asWorker: Bool,
                             logger: Logger) async throws -> PostgresAppDatabase? {
        let worker = asWorker ? Self.workerName() : Self.toolName()
        let first: PostgresConnection
        do {
            first = try await PostgresConnection.connect(configuration: try location.connectionConfiguration(worker: worker), id: 0,
                                                         logger: logger)
        } catch {
            throw PostgresOpenError(location: location, step: "connecting", underlying: error)
        }
        do {
            if migrating {
                try await PostgresSchema.migrate(first, logger: logger)
            } else {
                switch try await PostgresSchema.version(first, logger: logger) {
                case .current: break
                case .empty:
                    try await first.close()
                    return nil
                case .older:
                    throw PostgresOpenError.Older()
                }
            }
            try await first.close()
        } catch {
            try? await first.close()
            throw PostgresOpenError(location: location, step: migrating ? "migrating" : "reading the schema's version", underlying: error)
        }
        let client = PostgresClient(configuration: location.clientConfiguration(maximumConnections: maximumConnections, worker: worker),
                                    backgroundLogger: logger)
        return PostgresAppDatabase(location: location, client: client, worker: worker, logger: logger)
    }

    /// Stops the pool; queries after it fail.
    public func close() async {
        running.cancel()
        await running.value
    }

    /// True when the database answers a query (for `/healthz`).
    public func isHealthy() async -> Bool {
        do {
            for try await one in try await client.query("SELECT 1", logger: logger).decode(Int.self) { return one == 1 }
            return false
        } catch {
            return false
        }
    }

    /// The migration steps this database has, in the order they ran.
    public func appliedMigrations() async throws -> [String] {
        var names: [String] = []
        for try await name in try await client.query("SELECT name FROM schema_migrations ORDER BY applied_at, name", logger: logger)
            .decode(String.self) {
            names.append(name)
        }
        return names
    }

    /// A random part, the process and the host, cut to the 63 bytes PostgreSQL keeps of an
    /// `application_name` (a longer one would be cut there and never match `claimed_by`, and the
    /// worker's claims would look lapsed while it lives); the random part first, so that the cut
    /// never makes two workers one.
    /// A command's sessions: `tool-` first, which a worker's name never has (`CalendarLeadership`
    /// counts the other workers by their names' shape).
    static func toolName() -> String {
        String(("tool-" + workerName()).prefix(63))
    }

    static func workerName() -> String {
        let host = ProcessInfo.processInfo.hostName.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }
        let random = String(UInt64.random(in: .min ... .max), radix: 36)
        return String("\(random)/\(ProcessInfo.processInfo.processIdentifier)/\(host)".prefix(63))
    }
}

/// Advisory lock keys are two 32-bit numbers: the first says which of this service's locks it
/// is (no other program's collide with ours by chance), the second which calendar or message.
enum PostgresLocks {
    /// "gcwa" read as a number: a calendar's one worker (`CalendarLeadership`).
    static let namespace: Int32 = 0x6763_7761
    /// The reports of one message, for the length of a transaction (`PostgresDeliveryReports`).
    static let reports: Int32 = namespace + 1
    /// Migrating the schema (`PostgresSchema`).
    static let migrations: Int32 = namespace + 2
    /// A calendar's sync result being stored (`apply`), for the length of its transaction. Not
    /// `namespace` itself: that key holds the calendar's leadership on the leader's own
    /// connection, and `apply` runs on a pooled one, so sharing it would wait forever.
    static let syncApply: Int32 = namespace + 3
    /// A calendar's bookings, for the length of one (`PostgresBookingLock`).
    static let booking: Int32 = namespace + 4
}

extension PostgresAppDatabase: ServiceStore {}

extension PSQLError {
    /// A deadlock or a serialization failure: PostgreSQL rolled the transaction back so that
    /// another could go on; running it again is what it asks for.
    var asksForRetry: Bool {
        guard let state = serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }
}

/// Why the database at `DATABASE_URL` could not be opened, in the server's words (PostgresNIO's
/// own description of an error leaves them out on purpose; they name no password).
public struct PostgresOpenError: Error, CustomStringConvertible {
    public let location: PostgresLocation
    public let step: String
    public let underlying: any Error

    /// A read-only open found a schema an older version set up.
    struct Older: Error, CustomStringConvertible {
        var description: String { "an older version set it up; start `gcal-whatsapp serve` once to upgrade it" }
    }

    public var description: String {
        "PostgreSQL at \(location): \(step) failed: \(PSQLError.reason(underlying))"
    }
}

extension PSQLError {
    /// The server's own words for `error` (PostgresNIO's description of an error leaves them out
    /// on purpose; they name no password), or the error as it describes itself.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        // The error's code ("server") says nothing once the server's own words are there.
        let words = [error.serverInfo?[.message], error.serverInfo?[.detail], error.underlying.map { "\($0)" }].compactMap { $0 }
        return (words.isEmpty ? ["\(error.code)"] : words).joined(separator: "; ")
    }
}
