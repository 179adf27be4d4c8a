import Foundation
import GRDB

extension AppDatabase {
    private typealias Columns = OutboxMessage.Columns

    /// Events with a message outcome the calendar does not show yet.
    func eventsAwaitingWriteBack() async throws -> [(calendarID: String, eventID: String)] {
        try await writer.read { db in
            try Row.fetchAll(db, OutboxMessage.filter(Columns.writebackDue).select(Columns.calendarID, Columns.eventID).distinct())
                .map { ($0[0], $0[1]) }
        }
    }

    /// The event's most recent message whose outcome is known, skipped ones aside.
    func latestSettledMessage(calendarID: String, eventID: String) async throws -> OutboxMessage? {
        try await writer.read { db in
            try OutboxMessage
                .filter(Columns.calendarID == calendarID && Columns.eventID == eventID)
                .filter(![OutboxMessage.State.pending, .sending, .unknown, .skipped].contains(Columns.state))
                .order(Columns.id.desc).fetchOne(db)
        }
    }

    /// The calendar now shows `message`'s outcome and so supersedes every earlier message's. A
    /// report that changed `message` meanwhile keeps it due, so that newer news is not lost.
    func finishWriteBack(of message: OutboxMessage) async throws {
        guard let id = message.id else { return }
        try await writer.write { db in
            _ = try OutboxMessage
                .filter(Columns.calendarID == message.calendarID && Columns.eventID == message.eventID)
                .filter(Columns.id < id || (Columns.id == id && Columns.state == message.state))
                .updateAll(db, Columns.writebackDue.set(to: false))
        }
    }
}
