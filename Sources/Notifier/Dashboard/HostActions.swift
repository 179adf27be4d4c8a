public import Foundation
public import GoogleCalendar
import GRDB

/// The dashboard's actions (DESIGN.md §19): send a failed or skipped latest message again, as a
/// new outbox message under the same rules (fresh links, opt-outs, the session not started), and
/// mute or unmute a session as a `#mute` line in its description would.
public struct HostActions: Sendable {
    let store: AppDatabase
    let google: GoogleCalendarClient
    let bells: ServiceBells

    public init(store: AppDatabase, google: GoogleCalendarClient, bells: ServiceBells) {
        self.store = store
        self.google = google
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
        try await google.patchEvent(calendarID: calendarID, eventID: eventID) { event in
            let description = EventDescription.settingMute(muted, in: event.description)
            return description == (event.description ?? "") ? nil : EventPatch(description: description)
        }
        bells.watcher.ring()
    }
}

extension AppDatabase {
    /// A copy of each attendee's latest message when it failed or was skipped, as a new pending
    /// message (its text and links made afresh on its first attempt).
    func queueResend(calendarID: String, eventID: String, now: Date) async throws -> Int {
        try await writer.write { db in
            let messages = try OutboxMessage.fetchAll(db, sql: "SELECT * FROM outbox WHERE calendar_id = ? AND event_id = ? ORDER BY id",
                                                      arguments: [calendarID, eventID])
            var latest: [String: OutboxMessage] = [:]
            for message in messages where !(message.kind == .reminder && message.state == .pending) { latest[message.phone] = message }
            var queued = 0
            for message in latest.values where [.failed, .undelivered, .skipped].contains(message.state) {
                var copy = message
                copy.id = nil
                copy.noticeKey = message.noticeKey + "/resent-\(messages.filter { $0.noticeKey.hasPrefix(message.noticeKey + "/resent-") }.count + 1)"
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
                try copy.insert(db)
                queued += 1
            }
            return queued
        }
    }
}
