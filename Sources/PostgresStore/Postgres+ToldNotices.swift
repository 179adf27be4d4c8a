import Foundation
import Notifier
import PostgresNIO

/// Notices follow what the attendee really heard (DESIGN.md §22), as in SQLite
/// (`AppDatabase+ToldNotices.swift`). A notice decided while an earlier one was in flight took
/// that one as told; when the earlier one turns out never to have reached the provider, the newer
/// notices still waiting are decided again from what was really told.
extension PostgresAppDatabase {
    /// An earlier notice to the same attendee about the same event whose outcome is not known yet
    /// (in flight, or unclear and to be reconciled): `message` waits for it.
    public func unclearEarlierNotice(than message: OutboxMessage) async throws -> OutboxMessage? {
        // An attendee's first message about an event (`…#1`) has nothing before it: no read needed,
        // which spares every first announcement of a burst a query.
        guard let id = message.id, message.kind != .reminder, !message.noticeKey.hasSuffix("#1") else { return nil }
        return try await read { db in
            try await Self.notices(db, like: message)
                .filter { ($0.id ?? 0) < id && [OutboxMessage.State.sending, .unknown].contains($0.state) }
                .min(by: { $0.nextAttemptAt < $1.nextAttemptAt })
        }
    }

    /// `untold` did not reach the provider: the newest notice still waiting after it is re-decided
    /// from the last one that did (created → moved while the provider was down: scheduled at the
    /// final time; created → deleted: nothing; moved → moved back: nothing).
    public func redecideNotices(after untold: OutboxMessage, at now: Date) async throws {
        guard untold.id != nil, untold.kind != .reminder, !untold.aboutSeries else { return }
        try await write { db -> Void in
            // The attendee's notices of the event are held (FOR UPDATE, in id order) from this read
            // to the commit: what was told is worked out from them, and one of them is rewritten
            // from it. A worker beginning that one's attempt meanwhile waits, then finds it changed;
            // a report or a settle of another one waits, and this decision is not made on stale rows.
            let all = try await Self.notices(db, like: untold, locking: true)
            if let changed = AppDatabase.redecided(after: untold, among: all, at: now) {
                try await db.update(changed, in: "outbox", key: ["id"])
            }
        }
    }

    /// The outcome of notice `id` is known: the newer notices to the same attendee about the same
    /// event that were postponed to wait for it are due at `now`. One statement: a notice only
    /// moves earlier, and a postponed one holds no claim (`postpone` ended it).
    static func releaseNotices(_ db: PostgresSession, waitingFor id: Int64, at now: Date) async throws {
        try await db.execute("""
            UPDATE outbox SET next_attempt_at = \(now)
            WHERE state = 'pending' AND kind != 'reminder' AND id > \(id) AND next_attempt_at > \(now)
              AND (calendar_id, event_id, phone) = (SELECT calendar_id, event_id, phone FROM outbox WHERE id = \(id))
            """)
    }

    /// The notices (not reminders) to the same attendee about the same event as `message`, oldest
    /// first; `locking` holds them (FOR UPDATE, taken in id order) until the transaction ends.
    private static func notices(_ db: PostgresSession, like message: OutboxMessage, locking: Bool = false) async throws -> [OutboxMessage] {
        try await db.records(OutboxMessage.self, """
            SELECT row_to_json(o)::text FROM outbox o
            WHERE calendar_id = \(message.calendarID) AND event_id = \(message.eventID) AND phone = \(message.phone)
              AND kind != 'reminder'
            ORDER BY id \(unescaped: locking ? "FOR UPDATE" : "")
            """)
    }
}
