import Foundation
import Notifier
import PostgresNIO

extension PostgresAppDatabase {
    /// Each attendee's failed message again, as a new pending message of the same kind (its text
    /// and links made afresh on its first attempt): only while the session is ahead, not muted and
    /// not cancelled, and at most once per failed message however often it is asked (its key is
    /// the failed one's, plus `/resent`: the schema's unique key turns a repeat into nothing, also
    /// when two workers are asked at once).
    public func queueResend(calendarID: String, eventID: String, now: Date) async throws -> Int {
        try await write { db -> Int in
            // The event's row is held until the copies are in: the sync of its calendar (on any
            // worker) that cancels or moves the session waits, and then sees the copies; one that
            // came first is seen here. SQLite's single writer gave this for free.
            guard let event = try await db.record(StoredEvent.self, """
                    SELECT row_to_json(e)::text FROM events e
                    WHERE calendar_id = \(calendarID) AND event_id = \(eventID)
                    FOR UPDATE
                    """)
            else { return 0 }
            let messages = try await db.records(OutboxMessage.self, """
                SELECT row_to_json(o)::text FROM outbox o
                WHERE calendar_id = \(calendarID) AND event_id = \(eventID)
                ORDER BY id
                """)
            // Only these attendees' opt-outs matter (`resendable` asks about them alone).
            let phones = Array(Set(messages.map(\.phone)))
            let optedOut = Set(try await db.values(String.self, "SELECT phone FROM opt_outs WHERE phone = ANY(\(phones))"))
            var queued = 0
            for copy in AppDatabase.resends(of: event, messages: messages, optedOut: optedOut, at: now) {
                // No id back: the copy was queued before (the unique key), nothing inserted.
                if try await db.insert(copy, into: "outbox", returningID: true, onConflictDoNothing: true) != nil {
                    queued += 1
                }
            }
            return queued
        }
    }
}
