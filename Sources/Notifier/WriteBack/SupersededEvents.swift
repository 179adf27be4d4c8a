import CalendarModel
import Foundation
import Logging

/// The old events of sessions moved through Calendly. Once the new event has been announced, it
/// gets the host's title back (Calendly titles it "30 Minute Meeting between …") and the old one
/// is deleted; the sync knows it as superseded, so its deletion sends no cancellation.
public struct SupersededEvents: Sendable {
    let store: any ServiceStore
    let source: any CalendarSource
    let logger: Logger
    let now: @Sendable () -> Date
    /// The calendars this worker writes to.
    let leases: any CalendarLeases

    package init(store: any ServiceStore, source: any CalendarSource, logger: Logger, now: @escaping @Sendable () -> Date = Date.init,
                 leases: any CalendarLeases = SoleWorker()) {
        self.leases = leases
        self.store = store
        self.source = source
        self.logger = logger
        self.now = now
    }

    /// Deletes each one due; returns a line per failure (retried next round, the others go on).
    func deleteDue() async -> [String] {
        let waiting: [Reschedule]
        do {
            waiting = try await store.reschedulesAwaitingDeletion(at: now())
        } catch {
            return ["reschedule: \(error)"]
        }
        var problems: [String] = []
        for reschedule in waiting where await leases.lead(reschedule.calendarID) {
            do {
                try await restoreTitle(of: reschedule)
                try await source.delete(calendarID: reschedule.calendarID, eventID: reschedule.eventID)
                try await store.recordOldEventDeleted(token: reschedule.token, at: now())
                logger.info("rescheduled session's old event deleted",
                            metadata: ["calendar": "\(reschedule.calendarID)", "event": "\(reschedule.eventID)"])
            } catch {
                logger.warning("old event of a reschedule not deleted yet",
                               metadata: ["event": "\(reschedule.eventID)", "error": "\(error)"])
                problems.append("reschedule of \(reschedule.eventID): \(error)")
            }
        }
        return problems
    }

    /// Gives the new event the old one's title, with `If-Match`; a new event already gone, or
    /// already titled so, is left alone.
    private func restoreTitle(of reschedule: Reschedule) async throws {
        guard let calendarID = reschedule.newCalendarID, let eventID = reschedule.newEventID,
              let title = reschedule.oldSummary, !title.isEmpty
        else { return }
        try await source.update(calendarID: calendarID, eventID: eventID) { event in
            event.summary == title ? nil : EventPatch(summary: title)
        }
    }
}
