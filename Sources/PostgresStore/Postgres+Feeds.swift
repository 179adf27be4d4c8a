import Foundation
import Notifier
import PostgresNIO

/// `GET /calendar/{code}.ics` (DESIGN.md §18) with several workers (§27): one random code per
/// attendee number, whichever worker makes it, and the sessions the feed lists.
extension PostgresAppDatabase {
    /// The number's feed code, made the first time it is asked for: 24 base62 characters. Two
    /// workers asking at once for a number without one both make a code; the second's insert
    /// waits for the first's, inserts nothing (`ON CONFLICT (phone)`), and both answer with the
    /// code stored. A clash of two codes (never, at 143 bits) still fails, as it did in SQLite.
    public func feedCode(for phone: String, now: Date) async throws -> String {
        try await write { db in
            if let code = try await Self.storedFeedCode(db, phone: phone) { return code }
            let code = ShortLink.randomCode() + ShortLink.randomCode()
            try await db.execute("""
                INSERT INTO feeds (phone, code, created_at) VALUES (\(phone), \(code), \(now))
                ON CONFLICT (phone) DO NOTHING
                """)
            return try await Self.storedFeedCode(db, phone: phone) ?? code
        }
    }

    /// The number a feed code belongs to, if any.
    public func feedPhone(code: String) async throws -> String? {
        try await read { db in try await db.value(String.self, "SELECT phone FROM feeds WHERE code = \(code)") }
    }

    /// Sessions cancelled for `phone` (their cancelled message reached Twilio) since `since`.
    public func cancelledSessions(of phone: String, since: Date) async throws -> [Session] {
        let reached = [OutboxMessage.State.sent, .delivered, .read, .queued].map(\.rawValue)
        let keys: [(calendarID: String, eventID: String)] = try await read { db in
            var keys: [(calendarID: String, eventID: String)] = []
            // Each event once, in the order its first such message was decided.
            for try await (calendarID, eventID) in try await db.connection.query("""
                SELECT calendar_id, event_id FROM outbox
                WHERE phone = \(phone) AND kind = \(Decision.Kind.cancelled.rawValue) AND created_at >= \(since)
                  AND state = ANY(\(reached))
                GROUP BY calendar_id, event_id ORDER BY min(id)
                """, logger: db.logger).decode((String, String).self) {
                keys.append((calendarID: calendarID, eventID: eventID))
            }
            return keys
        }
        return try await cancelledSessions(keys, of: phone)
    }

    /// The code stored for `phone`, if any: a statement of its own, so that after an insert that
    /// found a conflict it sees the row the other worker committed.
    private static func storedFeedCode(_ db: PostgresSession, phone: String) async throws -> String? {
        try await db.value(String.self, "SELECT code FROM feeds WHERE phone = \(phone)")
    }
}
