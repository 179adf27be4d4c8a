import Foundation
import Notifier
import PostgresNIO

/// What a calendar sync reads, with several workers (DESIGN.md §27). Each calendar syncs in one
/// worker at a time (`CalendarLeadership`), but other workers write the rows these read (the
/// outbox's states, the write-back's event patches) at any moment: the reads here only plan, and
/// `apply` (Postgres+SyncApply.swift) checks that nothing it depends on moved before it writes.
extension PostgresAppDatabase: SyncStore {
    public func syncState(calendarID: String) async throws -> SyncState? {
        try await read { db in
            try await db.record(SyncState.self, "SELECT row_to_json(s)::text FROM sync_state s WHERE calendar_id = \(calendarID)")
        }
    }

    public func events(calendarID: String, ids: Set<String>) async throws -> [String: StoredEvent] {
        try await read { db in try await Self.events(db, calendarID: calendarID, ids: ids) }
    }

    public func upcomingEvents(calendarID: String, startingBetween start: Date, and end: Date) async throws -> [StoredEvent] {
        try await read { db in
            try await db.records(StoredEvent.self, """
                SELECT row_to_json(e)::text FROM events e
                WHERE calendar_id = \(calendarID) AND status <> 'cancelled' AND start_at > \(start) AND start_at <= \(end)
                ORDER BY start_at, event_id
                """)
        }
    }

    public func seriesInstances(calendarID: String, seriesIDs: Set<String>) async throws -> [StoredEvent] {
        guard !seriesIDs.isEmpty else { return [] }
        return try await read { db in
            try await db.records(StoredEvent.self, """
                SELECT row_to_json(e)::text FROM events e
                WHERE calendar_id = \(calendarID) AND series_id = ANY(\(Array(seriesIDs)))
                ORDER BY event_id
                """)
        }
    }

    /// Each attendee's messages about each event, oldest first (one query: `ANY` has no
    /// parameter limit, where SQLite needed chunks of 500).
    public func attendeeLedgers(calendarID: String, eventIDs: Set<String>) async throws -> [String: [PhoneNumber: AttendeeLedger]] {
        guard !eventIDs.isEmpty else { return [:] }
        return try await read { db in
            let messages = try await db.records(OutboxMessage.self, """
                SELECT row_to_json(o)::text FROM outbox o
                WHERE calendar_id = \(calendarID) AND event_id = ANY(\(Array(eventIDs)))
                ORDER BY id
                """)
            var ledgers: [String: [PhoneNumber: AttendeeLedger]] = [:]
            AttendeeLedger.add(messages, to: &ledgers)
            return ledgers
        }
    }

    /// The stored events of `calendarID` with these ids, by id. `lockingRows` (inside `apply`'s
    /// transaction) holds them until it commits, so that a write-back committing its patch in
    /// between (another transaction, maybe another worker) is either seen here or waits: its
    /// description and etag are never overwritten by the older listing. `NO KEY UPDATE`, as the
    /// write-back's own `UPDATE` takes: it waits for that, but not for an outbox row being added
    /// for one of these events (its foreign key only shares the key), so a transaction adding
    /// messages never waits on this one in a circle. Locked in id order, for the same reason.
    static func events(_ db: PostgresSession, calendarID: String, ids: Set<String>,
                       lockingRows: Bool = false) async throws -> [String: StoredEvent] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.records(StoredEvent.self, """
            SELECT row_to_json(e)::text FROM events e
            WHERE calendar_id = \(calendarID) AND event_id = ANY(\(Array(ids)))
            ORDER BY event_id \(unescaped: lockingRows ? "FOR NO KEY UPDATE" : "")
            """)
        var found: [String: StoredEvent] = [:]
        for row in rows { found[row.eventID] = row }
        return found
    }
}

extension PostgresAppDatabase {
    /// Forgets where the syncs of `calendarIDs` resume (their cursors point at a server that is
    /// gone: the sandbox's emulators of a previous run); the next round reads them in full, and
    /// what was told is kept, so nothing is sent twice. A sync applying meanwhile holds its
    /// calendar's row (`apply`): the delete waits for it, then removes the cursor it stored.
    public func forgetSyncCursors(calendarIDs: [String]) async throws {
        guard !calendarIDs.isEmpty else { return }
        try await write { db in
            try await db.execute("DELETE FROM sync_state WHERE calendar_id = ANY(\(calendarIDs))")
        }
    }
}
