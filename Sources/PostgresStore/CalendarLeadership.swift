import Logging
import Notifier
import PostgresNIO

/// Each calendar's sync, push channel and write-back run in one worker at a time (DESIGN.md §27),
/// through PostgreSQL's session advisory locks on a connection of the worker's own. A lock lives as
/// long as that connection: when a worker dies (`kill -9` included) the server sees its socket close
/// and frees its calendars at once (a machine that vanishes, within the half minute the connection's
/// keepalives take), and another worker takes each over on its next try, within a poll interval.
///
/// Leading needs a session of its own: it does not work through a transaction-pooling proxy
/// (PgBouncer in transaction mode), where two workers could share one server session.
public actor CalendarLeadership: CalendarLeases {
    private let location: PostgresLocation
    /// The worker's name, as its sessions tell it (`application_name`).
    private let worker: String
    private let logger: Logger
    private var connection: PostgresConnection?
    private var led: Set<String> = []
    /// Calendars this worker stepped down from, and until when it leaves them to the others.
    private var heldOff: [String: ContinuousClock.Instant] = [:]
    private var nextConnectionID = 0
    /// The last operation queued: each waits for the one before, so that no two interleave at
    /// their suspension points (two connections opened at once, a calendar locked twice).
    private var last: Task<Void, Never>?

    public init(location: PostgresLocation, worker: String, logger: Logger) {
        self.location = location
        self.worker = worker
        self.logger = logger
    }

    /// Whether this worker leads `calendarID` now: it did already (and its connection still
    /// answers), or it took the calendar just now. False while another worker leads it, and while
    /// the database cannot be reached (a worker that cannot tell must not sync).
    public func lead(_ calendarID: String) async -> Bool {
        await serially { await $0.leadNow(calendarID) }
    }

    /// Gives `calendarID` up (it was disconnected, or this worker stops), for another to take.
    public func release(_ calendarID: String) async {
        await serially { await $0.releaseNow(calendarID) }
    }

    /// Gives `calendarID` up and leaves it to the other workers for `duration` (this one could
    /// not reach it); taken back after that if none took it.
    public func stepDown(_ calendarID: String, for duration: Duration) async -> Bool {
        await serially { leadership in
            guard await leadership.anotherWorkerRuns() else { return false }
            await leadership.releaseNow(calendarID)
            await leadership.holdOff(calendarID, until: ContinuousClock.now + duration)
            return true
        }
    }

    /// Whether a session of another worker is open on this database (workers name their sessions
    /// `random/pid/host`, `PostgresAppDatabase.workerName`). Unknown counts as no: a worker that
    /// cannot tell keeps its calendar rather than leave it to no one.
    private func anotherWorkerRuns() async -> Bool {
        do {
            let connection = try await liveConnection()
            return try await withinLimit(on: connection) {
                var found = false
                for try await answer in try await connection.query("""
                    SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
                        AND application_name ~ '^[0-9a-z]+/[0-9]+/' AND application_name <> \(self.worker))
                    """, logger: self.logger).decode(Bool.self) {
                    found = answer
                }
                return found
            }
        } catch {
            await drop(error)
            return false
        }
    }

    private func holdOff(_ calendarID: String, until instant: ContinuousClock.Instant) {
        heldOff[calendarID] = instant
    }

    /// The calendars this worker leads, as far as it knows.
    public var calendars: Set<String> { led }

    /// Gives every calendar up (shutdown): closing the connection frees its locks.
    public func close() async {
        await serially { await $0.closeNow() }
    }

    private func serially<Value: Sendable>(_ operation: @escaping @Sendable (CalendarLeadership) async -> Value) async -> Value {
        let previous = last
        let task = Task {
            await previous?.value
            return await operation(self)
        }
        last = Task { _ = await task.value }
        return await task.value
    }

    /// A worker cut off from the database must not wait minutes to find out (its TCP would keep
    /// retrying): an answer slower than this counts as the connection lost.
    static let answerLimit = Duration.seconds(10)

    private func leadNow(_ calendarID: String) async -> Bool {
        do {
            if let until = heldOff[calendarID] {
                guard ContinuousClock.now >= until else { return false }
                heldOff[calendarID] = nil
            }
            let connection = try await liveConnection()
            if led.contains(calendarID) { return true }
            let taken = try await withinLimit(on: connection) {
                var taken = false
                for try await answer in try await connection.query(
                    "SELECT pg_try_advisory_lock(\(PostgresLocks.namespace), hashtext(\(calendarID)))", logger: self.logger)
                    .decode(Bool.self) {
                    taken = answer
                }
                return taken
            }
            if taken { led.insert(calendarID) }
            return taken
        } catch {
            await drop(error)
            return false
        }
    }

    private struct NoAnswer: Error, CustomStringConvertible {
        var description: String { "the database did not answer within \(CalendarLeadership.answerLimit)" }
    }

    /// `body`'s answer, or `NoAnswer` after `answerLimit`; the connection is closed then, which
    /// ends a query that would otherwise wait for the network (it does not heed cancellation).
    private func withinLimit<Value: Sendable>(on connection: PostgresConnection,
                                              _ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: Self.answerLimit)
                try? await connection.close()
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw NoAnswer() }
            return value
        }
    }

    private func releaseNow(_ calendarID: String) async {
        guard led.contains(calendarID), let connection else { return }
        do {
            var released = false
            for try await answer in try await connection.query(
                "SELECT pg_advisory_unlock(\(PostgresLocks.namespace), hashtext(\(calendarID)))", logger: logger).decode(Bool.self) {
                released = answer
            }
            if !released { logger.warning("a calendar was not held when given up", metadata: ["calendar": "\(calendarID)"]) }
            led.remove(calendarID)
        } catch {
            await drop(error)
        }
    }

    private func closeNow() async {
        led = []
        try? await connection?.close()
        connection = nil
    }

    /// The connection the locks live on, checked with a query before it is trusted: a connection
    /// that died took this worker's calendars with it, and a new one starts leading none.
    private func liveConnection() async throws -> PostgresConnection {
        if let connection, !connection.isClosed {
            _ = try await withinLimit(on: connection) { () async throws -> Bool in
                try await connection.query("SELECT 1", logger: self.logger)
                return true
            }
            return connection
        }
        if let stale = connection { try? await stale.close() }
        led = []
        nextConnectionID += 1
        let connection = try await PostgresConnection.connect(
            configuration: try location.connectionConfiguration(worker: worker), id: nextConnectionID, logger: logger)
        self.connection = connection
        return connection
    }

    private func drop(_ error: any Error) async {
        if !led.isEmpty {
            logger.warning("lost the database connection holding this worker's calendars; another worker may lead them now",
                           metadata: ["error": "\(String(reflecting: error))", "calendars": "\(led.sorted())"])
        }
        led = []
        let dropped = connection
        connection = nil
        // A connection must be closed before it is let go.
        try? await dropped?.close()
    }
}
