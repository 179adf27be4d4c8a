import Notifier
import PostgresNIO

/// Bookings of one calendar one at a time across every worker (DESIGN.md §22, §27): two
/// attendees posting the same free slot to two workers at the same moment must not both get it.
/// Within a worker, the requests queue in memory (`CalendarBookingLock`, in arrival order); the
/// one at the front then takes the calendar's lock in the database, held on one connection for
/// the booking's length and freed by the server if the worker dies meanwhile.
public struct PostgresBookingLock: BookingSerialiser {
    let database: PostgresAppDatabase
    let local = CalendarBookingLock()

    public init(database: PostgresAppDatabase) {
        self.database = database
    }

    public func serialised<Value: Sendable>(_ calendarID: String, _ body: @Sendable () async throws -> Value) async throws -> Value {
        try await local.serialised(calendarID) {
            try await database.client.withConnection { connection in
                let logger = database.logger
                try await connection.query("SELECT pg_advisory_lock(\(PostgresLocks.booking), hashtext(\(calendarID)))", logger: logger)
                do {
                    let value = try await body()
                    try await connection.query("SELECT pg_advisory_unlock(\(PostgresLocks.booking), hashtext(\(calendarID)))", logger: logger)
                    return value
                } catch {
                    _ = try? await connection.query(
                        "SELECT pg_advisory_unlock(\(PostgresLocks.booking), hashtext(\(calendarID)))", logger: logger)
                    throw error
                }
            }
        }
    }
}
