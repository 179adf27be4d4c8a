import CalendarModel
public import Foundation
import GRDB

/// The dashboard's actions (DESIGN.md §19): send a failed or skipped latest message again, as a
/// new outbox message under the same rules (fresh links, opt-outs, the session not started), and
/// mute or unmute a session as a `#mute` line in its description would.
public struct HostActions: Sendable {
    let store: AppDatabase
    let source: any CalendarSource
    let bells: ServiceBells

    public init(store: AppDatabase, source: any CalendarSource, bells: ServiceBells) {
        self.store = store
        self.source = source
        self.bells = bells
    }

    /// Queues the event's failed or skipped latest messages again; returns how many.
    public func resend(calendarID: String, eventID: String, now: Date) async throws -> Int {
        let count = try await store.queueResend(calendarID: calendarID, eventID: eventID, now: now)
        if count > 0 { bells.sender.ring() }
        return count
    }

    /// Adds or takes out the `#mute` line, keeping any edit the host makes meanwhile (`If-Match`);
    /// the watcher then follows it as for the host's own edit.
    public func setMuted(_ muted: Bool, calendarID: String, eventID: String) async throws {
        try await source.update(calendarID: calendarID, eventID: eventID) { event in
            let description = EventDescription.settingMute(muted, in: event.description)
            return description == (event.description ?? "") ? nil : EventPatch(description: description)
        }
        bells.watcher.ring()
    }
}

extension AppDatabase {
    /// Each attendee's failed message again, as a new pending message of the same kind (its text
    /// and links made afresh on its first attempt): only while the session is ahead, not muted and
    /// not cancelled, and at most once per failed message however often it is asked (its key is
    /// the failed one's, plus `/resent`: the schema's unique key turns a repeat into nothing).
    func queueResend(calendarID: String, eventID: String, now: Date) async throws -> Int {
        try await writer.write { db in
            guard let event = try StoredEvent.fetchOne(db, key: ["calendar_id": calendarID, "event_id": eventID]),
                  let start = event.startAt, start > now, event.status != "cancelled", !CancelledTitle.matches(event.summary),
                  !EventDescription.isMuted(event.description)
            else { return 0 }
            let messages = try OutboxMessage.filter(OutboxMessage.Columns.calendarID == calendarID && OutboxMessage.Columns.eventID == eventID)
                .order(OutboxMessage.Columns.id).fetchAll(db)
            var queued = 0
            let optedOut = Set(try String.fetchAll(db, sql: "SELECT phone FROM opt_outs"))
            for failed in Self.resendable(messages, optedOut: optedOut) {
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
                try copy.insert(db, onConflict: .ignore)
                queued += db.changesCount
            }
            return queued
        }
    }
}

extension Decision.Kind {
    /// What "Send again" says it will send.
    var resendLabel: String {
        switch self {
        case .scheduled: "the scheduled message"
        case .rescheduled: "the rescheduled message"
        case .cancelled: "the cancellation"
        case .reminder: "the reminder"
        }
    }
}
