import CalendarModel
import Foundation
import Notifier
import PostgresNIO

/// A sync's one write, with several workers (DESIGN.md §27). SQLite ran one write transaction at a
/// time, so `apply` could read the sync token, the stored events and the outbox's states and then
/// write on the strength of them. Here other transactions run alongside, so each thing `apply`
/// reads before writing is held, or re-checked by the write itself:
/// - the calendar: a transaction lock on its id (its `sync_state` row does not exist before its
///   first sync, so there may be no row to lock), and the row `FOR UPDATE` when it exists;
/// - the stored events it merges with: `FOR NO KEY UPDATE` (a write-back may patch them meanwhile);
/// - the superseded messages and the reschedule claims: conditional `UPDATE`s, counted.
extension PostgresAppDatabase {
    /// Stores a sync's events, its messages and its new sync token together: a crash leaves
    /// either all of them or none, so no decision is lost and none is made twice.
    public func apply(_ plan: SyncPlan) async throws {
        try await write { db in
            // Two applies of one calendar (a worker that lost its leadership mid-sync, and the one
            // that took it over) take turns here; the second then finds the first's token and
            // plans again.
            try await db.execute("SELECT pg_advisory_xact_lock(\(PostgresLocks.syncApply), hashtext(\(plan.calendarID)))")
            let current = try await db.record(SyncState.self, """
                SELECT row_to_json(s)::text FROM sync_state s WHERE calendar_id = \(plan.calendarID) FOR UPDATE
                """)
            guard current?.syncToken == plan.baseToken else { throw SyncStoreError.concurrentSync }
            // The write-back may have patched an event since this sync read it: what it wrote
            // (description, colour, etag) is newer than the listing and stays, or the next
            // write-back would compare against a version the calendar no longer holds.
            let stored = try await Self.events(db, calendarID: plan.calendarID, ids: Set(plan.events.map(\.eventID)), lockingRows: true)
            var rows: [StoredEvent] = []
            for var event in plan.events {
                if let stored = stored[event.eventID],
                   let storedAt = stored.updatedAt.flatMap(RFC3339.date(from:)),
                   storedAt > (event.updatedAt.flatMap(RFC3339.date(from:)) ?? .distantPast) {
                    (event.description, event.colorID, event.etag, event.updatedAt) = (stored.description, stored.colorID, stored.etag, stored.updatedAt)
                }
                rows.append(event)
            }
            try await Self.saveEvents(rows, in: db)
            // A message handed to Twilio since the plan was made cannot be replaced: plan again.
            // A worker marking one `sending` holds its row: this waits for it, then finds it no
            // longer pending; one that comes after finds it skipped and leaves it.
            if !plan.superseded.isEmpty {
                let replaced = try await db.changes("""
                    UPDATE outbox SET state = 'skipped', error = \(OutboxMessage.supersededReason)
                    WHERE id = ANY(\(Array(plan.superseded))) AND state = 'pending'
                    RETURNING 1
                    """)
                guard replaced == plan.superseded.count else { throw SyncStoreError.concurrentSync }
            }
            // SQLite's `INSERT OR IGNORE`: a notice already stored under the same key (event and
            // notice key) is left as it is, and the rest of the plan still applies.
            for notice in plan.notices {
                try await db.insert(notice, into: "outbox", onConflictDoNothing: true)
            }
            for claim in plan.ledger.claims {
                // Another sync (of another calendar) may have claimed the booking first.
                let claimed = try await db.changes("""
                    UPDATE reschedules SET new_calendar_id = \(claim.newCalendarID), new_event_id = \(claim.newEventID)
                    WHERE token = \(claim.token) AND new_event_id IS NULL
                    RETURNING 1
                    """)
                guard claimed == 1 else { throw SyncStoreError.concurrentSync }
            }
            try await Self.saveSyncState(plan.state, in: db)
        }
    }

    /// Writes `rows` over the stored events with the same keys, or adds them (GRDB's `save`), in
    /// one statement: a full sync writes every event of the calendar, and a statement per event
    /// would be thousands of round trips inside the transaction. A key given twice keeps its last
    /// row, as saving row by row did (one `INSERT … ON CONFLICT` may not change a row twice).
    static func saveEvents(_ rows: [StoredEvent], in db: PostgresSession) async throws {
        var position: [[String]: Int] = [:]
        var unique: [StoredEvent] = []
        for row in rows {
            let key = [row.calendarID, row.eventID]
            if let index = position[key] {
                unique[index] = row
            } else {
                position[key] = unique.count
                unique.append(row)
            }
        }
        guard !unique.isEmpty else { return }
        let key = ["calendar_id", "event_id"]
        let columns = try await db.tableColumns("events")
        let list = columns.map(PostgresRecords.quoted).joined(separator: ", ")
        let others = columns.filter { !key.contains($0) }
        let set = "(" + others.map(PostgresRecords.quoted).joined(separator: ", ") + ") = ROW("
            + others.map { "excluded." + PostgresRecords.quoted($0) }.joined(separator: ", ") + ")"
        // Every column of `events` without a default of its own is one the record always
        // writes, so a NULL for a nil value here is what the row gets either way.
        let json = try PostgresRecords.encode(unique)
        try await db.execute("""
            INSERT INTO events (\(unescaped: list))
            SELECT \(unescaped: list) FROM json_populate_recordset(NULL::events, \(json)::json)
            ON CONFLICT (calendar_id, event_id) DO UPDATE SET \(unescaped: set)
            """)
    }

    /// GRDB's `save` of a `SyncState`: its own columns only (the table's old `channel_*`
    /// columns, which no record writes, are left as they are).
    static func saveSyncState(_ state: SyncState, in db: PostgresSession) async throws {
        try await db.execute("""
            INSERT INTO sync_state (calendar_id, sync_token, window_start, window_end, full_sync_at, time_zone)
            VALUES (\(state.calendarID), \(state.syncToken), \(state.windowStart), \(state.windowEnd), \(state.fullSyncAt), \(state.timeZone))
            ON CONFLICT (calendar_id) DO UPDATE SET sync_token = excluded.sync_token, window_start = excluded.window_start,
                window_end = excluded.window_end, full_sync_at = excluded.full_sync_at, time_zone = excluded.time_zone
            """)
    }
}
