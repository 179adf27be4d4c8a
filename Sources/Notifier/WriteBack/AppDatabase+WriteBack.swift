import Foundation
import GRDB

extension AppDatabase {
    /// Events with a message outcome the calendar does not show yet.
    func eventsAwaitingWriteBack() async throws -> [(calendarID: String, eventID: String)] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT calendar_id, event_id FROM outbox WHERE writeback_due")
                .map { ($0["calendar_id"], $0["event_id"]) }
        }
    }

    /// The event's most recent message whose outcome is known, skipped ones aside.
    func latestSettledMessage(calendarID: String, eventID: String) async throws -> OutboxMessage? {
        try await writer.read { db in
            try OutboxMessage.fetchOne(db, sql: """
                SELECT * FROM outbox WHERE calendar_id = ? AND event_id = ?
                  AND state NOT IN ('pending', 'sending', 'unknown', 'skipped')
                ORDER BY id DESC LIMIT 1
                """, arguments: [calendarID, eventID])
        }
    }

    /// The calendar now shows `message`'s outcome and so supersedes every earlier message's. A
    /// report that changed `message` meanwhile keeps it due, so that newer news is not lost.
    func finishWriteBack(of message: OutboxMessage) async throws {
        guard let id = message.id else { return }
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE outbox SET writeback_due = 0
                WHERE calendar_id = ? AND event_id = ? AND (id < ? OR (id = ? AND state = ?))
                """, arguments: [message.calendarID, message.eventID, id, id, message.state])
        }
    }
}
