import Foundation
import Logging

/// Cancellations attendees asked for by replying YES (DESIGN.md §15), carried out in the
/// background so that the webhook answered at once: the same `EventCancellation` as
/// `POST /cancel/{token}`. A failure is retried next round; the others go on.
public struct RequestedCancellations: Sendable {
    let store: any ServiceStore
    let cancellation: EventCancellation
    let logger: Logger
    let now: @Sendable () -> Date
    /// The calendars this worker writes to.
    let leases: any CalendarLeases

    package init(store: any ServiceStore, cancellation: EventCancellation, logger: Logger, now: @escaping @Sendable () -> Date = Date.init,
                 leases: any CalendarLeases = SoleWorker()) {
        self.leases = leases
        self.store = store
        self.cancellation = cancellation
        self.logger = logger
        self.now = now
    }

    /// Carries out each waiting request; returns a line per failure.
    func carryOut() async -> [String] {
        let requests: [CancellationRequest]
        do {
            requests = try await store.cancellationsRequested()
        } catch {
            return ["cancellation requests: \(error)"]
        }
        var problems: [String] = []
        for request in requests {
            guard let id = request.id, await leases.lead(request.calendarID) else { continue }
            do {
                try await cancellation.cancel(calendarID: request.calendarID, eventID: request.eventID,
                                              attendee: PhoneNumber(e164: request.phone))
                try await store.finishCancellation(id, at: now())
                logger.info("session cancelled by the attendee's reply", metadata: ["event": "\(request.eventID)"])
            } catch {
                logger.warning("cancellation asked by reply not done yet", metadata: ["event": "\(request.eventID)", "error": "\(error)"])
                problems.append("cancellation of \(request.eventID): \(error)")
            }
        }
        return problems
    }
}
