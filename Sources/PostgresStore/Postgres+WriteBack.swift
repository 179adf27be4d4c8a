import CalendarModel
import Foundation
import Notifier
import PostgresNIO

/// The calendar's write-back, as in SQLite (`AppDatabase+WriteBack.swift`): which events are
/// behind, what their entries are made of, and what the calendar shows once written.
extension PostgresAppDatabase {
    /// Events whose calendar entry is behind: a message outcome it does not show yet, or a
    /// location problem that appeared, changed or went away.
    public func eventsAwaitingWriteBack() async throws -> [(calendarID: String, eventID: String)] {
        try await read { db -> [(calendarID: String, eventID: String)] in
            var pairs: [(String, String)] = []
            for try await pair in try await db.connection.query(
                "SELECT DISTINCT calendar_id, event_id FROM outbox WHERE writeback_due ORDER BY 1, 2",
                logger: db.logger).decode((String, String).self) {
                pairs.append(pair)
            }
            for try await pair in try await db.connection.query(
                "SELECT calendar_id, event_id FROM events WHERE location_problem IS DISTINCT FROM problem_shown ORDER BY 1, 2",
                logger: db.logger).decode((String, String).self) {
                pairs.append(pair)
            }
            var seen: Set<[String]> = []
            return pairs.map { (calendarID: $0.0, eventID: $0.1) }.filter { seen.insert([$0.calendarID, $0.eventID]).inserted }
        }
    }

    /// What the event's calendar entry should show now. Read statement by statement (no snapshot,
    /// unlike SQLite's read): nothing here needs one, since `finishWriteBack` clears only what
    /// is still as read, and a change in between keeps the event due.
    package func annotationSource(calendarID: String, eventID: String) async throws -> AppDatabase.AnnotationSource {
        try await read { db -> AppDatabase.AnnotationSource in
            let settled = try await db.records(OutboxMessage.self, """
                SELECT row_to_json(o)::text FROM outbox o
                WHERE calendar_id = \(calendarID) AND event_id = \(eventID) AND state NOT IN ('pending', 'sending', 'unknown')
                ORDER BY id
                """).filter { $0.state != .skipped || $0.isOptedOut }
            let latest = AppDatabase.AnnotationSource.latest(of: settled)
            let event = try await db.record(StoredEvent.self, """
                SELECT row_to_json(e)::text FROM events e WHERE calendar_id = \(calendarID) AND event_id = \(eventID)
                """)
            // By phone: the order SQLite's primary-key index gave them.
            let confirmations = try await db.records(Confirmation.self, """
                SELECT row_to_json(c)::text FROM confirmations c
                WHERE calendar_id = \(calendarID) AND event_id = \(eventID) ORDER BY phone
                """).filter { $0.startAt == event?.startAt }
            var zone = event?.timeZone
            if zone == nil {
                zone = try await db.value(String.self, """
                    SELECT time_zone FROM sync_state WHERE calendar_id = \(calendarID) AND time_zone IS NOT NULL
                    """)
            }
            return AppDatabase.AnnotationSource(latest: latest.values.sorted { ($0.id ?? 0) < ($1.id ?? 0) },
                                                locationProblem: event?.locationProblem, confirmations: confirmations,
                                                timeZone: zone, event: event?.asWritten,
                                                location: event?.status == "cancelled" ? nil : event?.location)
        }
    }

    /// The calendar now shows these messages' outcomes (superseding every earlier message's) and
    /// `problem`. A report or a sync that changed either meanwhile keeps the event due, so that
    /// newer news is not lost.
    /// `written`: the event as this write-back left it, whose description, colour and etag the next
    /// write-back patches against (a changed etag meanwhile makes that patch fail, safely).
    public func finishWriteBack(calendarID: String, eventID: String, shown latest: [OutboxMessage], problem: String?,
                                written: CalendarEvent?) async throws {
        try await write { db -> Void in
            // Each "still as shown?" comparison below and its write must see the same row: the event's
            // row, then the attendees' messages (in id order), are held until the commit. A report
            // (any worker) moving a message's state, or a sync changing the problem, waits and then
            // sets the event due again; one that came first makes the comparison fail. NO KEY UPDATE
            // is the lock the event's own UPDATE takes: it leaves new outbox rows (their foreign
            // key) free to be inserted meanwhile.
            // (`changes` reads every row, so that every row is locked before the next statement.)
            _ = try await db.changes("""
                SELECT 1 FROM events WHERE calendar_id = \(calendarID) AND event_id = \(eventID) FOR NO KEY UPDATE
                """)
            let phones = Array(Set(latest.map(\.phone)))
            _ = try await db.changes("""
                SELECT 1 FROM outbox WHERE calendar_id = \(calendarID) AND event_id = \(eventID) AND phone = ANY(\(phones))
                ORDER BY id FOR UPDATE
                """)
            if let written {
                try await db.execute("""
                    UPDATE events SET description = \(written.description), color_id = \(written.colorId),
                        etag = \(written.etag), updated_at = \(written.updated)
                    WHERE calendar_id = \(calendarID) AND event_id = \(eventID)
                    """)
            }
            for message in latest {
                guard let id = message.id else { continue }
                // Rows already shown are left unwritten (`writeback_due`): the same outcome as SQLite's.
                try await db.execute("""
                    UPDATE outbox SET writeback_due = false
                    WHERE calendar_id = \(calendarID) AND event_id = \(eventID) AND phone = \(message.phone) AND writeback_due
                      AND (id < \(id) OR (id = \(id) AND state = \(message.state.rawValue)))
                    """)
            }
            try await db.execute("""
                UPDATE events SET problem_shown = \(problem)
                WHERE calendar_id = \(calendarID) AND event_id = \(eventID) AND location_problem IS NOT DISTINCT FROM \(problem)
                """)
        }
    }
}
