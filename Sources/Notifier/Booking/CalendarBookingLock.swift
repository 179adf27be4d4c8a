/// Bookings and reschedules of one calendar, one at a time (DESIGN.md §22): two attendees posting
/// the same free slot at the same moment must not both get it, and free/busy is only true until
/// the next write. Each calendar has its own queue; waiting requests go in the order they came.
/// One process serves a SQLite database (`DatabaseLock`), so a lock in memory is enough there;
/// several workers on PostgreSQL take the database's lock as well (`PostgresBookingLock`).
package protocol BookingSerialiser: Sendable {
    /// Runs `body` while no other booking of `calendarID` runs.
    func serialised<Value: Sendable>(_ calendarID: String, _ body: @Sendable () async throws -> Value) async throws -> Value
}

public actor CalendarBookingLock: BookingSerialiser {
    private var held: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    public init() {}

    /// Runs `body` while no other booking of `calendarID` runs.
    public func serialised<Value: Sendable>(
        _ calendarID: String, _ body: @Sendable () async throws -> Value
    ) async throws -> Value {
        await acquire(calendarID)
        do {
            let value = try await body()
            release(calendarID)
            return value
        } catch {
            release(calendarID)
            throw error
        }
    }

    private func acquire(_ calendarID: String) async {
        guard held.contains(calendarID) else {
            held.insert(calendarID)
            return
        }
        await withCheckedContinuation { waiting[calendarID, default: []].append($0) }
    }

    /// Hands the calendar to the next waiting request, if any, without letting a newcomer in between.
    private func release(_ calendarID: String) {
        guard var queue = waiting[calendarID], !queue.isEmpty else {
            held.remove(calendarID)
            waiting[calendarID] = nil
            return
        }
        let next = queue.removeFirst()
        waiting[calendarID] = queue.isEmpty ? nil : queue
        next.resume()
    }
}
