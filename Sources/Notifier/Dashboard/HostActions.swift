import CalendarModel
public import Foundation
import GRDB

/// The dashboard's actions (DESIGN.md §19): send a failed or skipped latest message again, as a
/// new outbox message under the same rules (fresh links, opt-outs, the session not started), and
/// mute or unmute a session as a `#mute` line in its description would.
public struct HostActions: Sendable {
    let store: any ServiceStore
    let source: any CalendarSource
    let bells: ServiceBells

    package init(store: any ServiceStore, source: any CalendarSource, bells: ServiceBells) {
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
