import Foundation
import GRDB

extension AppDatabase {
    /// Each attendee's failed message again, as a new pending message of the same kind (its text
    /// and links made afresh on its first attempt): only while the session is ahead, not muted and
    /// not cancelled, and at most once per failed message however often it is asked (its key is
    /// the failed one's, plus `/resent`: the schema's unique key turns a repeat into nothing).
    package func queueResend(calendarID: String, eventID: String, now: Date) async throws -> Int {
        try await writer.write { db in
            guard let event = try StoredEvent.fetchOne(db, key: [StoredEvent.Columns.calendarID.name: calendarID, StoredEvent.Columns.eventID.name: eventID])
            else { return 0 }
            let messages = try OutboxMessage.filter(OutboxMessage.Columns.calendarID == calendarID && OutboxMessage.Columns.eventID == eventID)
                .order(OutboxMessage.Columns.id).fetchAll(db)
            let optedOut = Set(try OptOut.fetchAll(db).map(\.phone))
            var queued = 0
            for var copy in Self.resends(of: event, messages: messages, optedOut: optedOut, at: now) {
                try copy.insert(db, onConflict: .ignore)
                queued += db.changesCount
            }
            return queued
        }
    }

    /// The new messages "Send again" queues for `event` (its attendees' failed latest ones, as new
    /// notices with fresh links), none when the session is gone, started or muted. Both stores
    /// insert what this returns.
    package static func resends(of event: StoredEvent, messages: [OutboxMessage], optedOut: Set<String>, at now: Date) -> [OutboxMessage] {
        guard let start = event.startAt, start > now, event.status != "cancelled", !CancelledTitle.matches(event.summary),
              !EventDescription.isMuted(event.description)
        else { return [] }
        return resendable(messages, optedOut: optedOut).map { failed in
            var copy = failed
            copy.id = nil
            copy.noticeKey = failed.noticeKey + "/resent"
            copy.state = .pending
            copy.twilioSID = nil
            copy.attempts = 0
            copy.nextAttemptAt = now
            copy.lastAttemptAt = nil
            copy.error = nil
            copy.createdAt = now
            copy.body = nil
            copy.contentSID = nil
            copy.contentVariables = nil
            copy.cancelCode = nil
            copy.rescheduleCode = nil
            copy.bookCode = nil
            copy.writebackDue = false
            return copy
        }
    }
}
