import Notifier
import PostgresNIO

/// Bookings of one calendar one at a time across every worker (DESIGN.md §22, §27): two
/// attendees posting the same free slot to two workers at the same moment must not both get it.
/// Within a worker, the requests queue in memory (`CalendarBookingLock`, in arrival order); the
/// one at the front then takes the calendar's lock in the database on a connection of its own,
/// closed afterwards (freed by the server if the worker dies meanwhile). Not a pooled one: the
/// booking itself needs the pool, and bookings of many calendars at once would empty it.
public struct PostgresBookingLock: BookingSerialiser {
    let database: PostgresAppDatabase
    let local = CalendarBookingLock()

    public init(database: PostgresAppDatabase) {
        self.database = database
    }

    public func serialised<Value: Sendable>(_ calendarID: String, _ body: @Sendable () async throws -> Value) async throws -> Value {
        try await local.serialised(calendarID) {
            let logger = database.logger
            let connection = try await PostgresConnection.connect(
                configuration: try database.location.connectionConfiguration(worker: database.worker), id: 0, logger: logger)
            do {
                try await connection.query("SELECT pg_advisory_lock(\(PostgresLocks.booking), hashtext(\(calendarID)))", logger: logger)
                let value = try await body()
                try await connection.close()
                return value
            } catch {
                // Closing the connection frees the lock with it.
                try? await connection.close()
                throw error
            }
        }
    }
}
