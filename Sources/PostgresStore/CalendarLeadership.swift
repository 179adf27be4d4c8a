import Logging
import Notifier
import PostgresNIO

/// Each calendar's sync, push channel and subscription renewal run in one worker at a time
/// (DESIGN.md §27), through PostgreSQL's session advisory locks on a connection of the worker's
/// own. A lock lives as long as that connection: when a worker dies (`kill -9` included) the
/// server sees its socket close and frees its calendars at once, and another worker takes each
/// over on its next try, within a poll interval.
public actor CalendarLeadership {
    private let location: PostgresLocation
    private let logger: Logger
    private var connection: PostgresConnection?
    private var led: Set<String> = []
    private var nextConnectionID = 0

    public init(location: PostgresLocation, logger: Logger) {
        self.location = location
        self.logger = logger
    }

    /// Whether this worker leads `calendarID` now: it did already (and its connection still
    /// answers), or it took the calendar just now. False while another worker leads it, and while
    /// the database cannot be reached (a worker that cannot tell must not sync).
    public func lead(_ calendarID: String) async -> Bool {
        do {
            let connection = try await liveConnection()
            if led.contains(calendarID) { return true }
            var taken = false
            for try await answer in try await connection.query(
                "SELECT pg_try_advisory_lock(\(PostgresLocks.namespace), hashtext(\(calendarID)))", logger: logger).decode(Bool.self) {
                taken = answer
            }
            if taken { led.insert(calendarID) }
            return taken
        } catch {
            await drop(error)
            return false
        }
    }

    /// Gives `calendarID` up (it was disconnected, or this worker stops), for another to take.
    public func release(_ calendarID: String) async {
        guard led.contains(calendarID), let connection else { return }
        do {
            try await connection.query(
                "SELECT pg_advisory_unlock(\(PostgresLocks.namespace), hashtext(\(calendarID)))", logger: logger)
            led.remove(calendarID)
        } catch {
            await drop(error)
        }
    }

    /// The calendars this worker leads, as far as it knows.
    public var calendars: Set<String> { led }

    /// Gives every calendar up (shutdown): closing the connection frees its locks.
    public func close() async {
        led = []
        if let connection { try? await connection.close() }
        connection = nil
    }

    /// The connection the locks live on, checked with a query before it is trusted: a connection
    /// that died took this worker's calendars with it, and a new one starts leading none.
    private func liveConnection() async throws -> PostgresConnection {
        if let connection, !connection.isClosed {
            try await connection.query("SELECT 1", logger: logger)
            return connection
        }
        led = []
        nextConnectionID += 1
        let connection = try await PostgresConnection.connect(
            configuration: try location.connectionConfiguration(), id: nextConnectionID, logger: logger)
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
