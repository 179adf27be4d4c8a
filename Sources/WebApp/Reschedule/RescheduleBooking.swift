import Foundation
import Notifier

/// Calendly confirmed a booking made through a reschedule link (redirect or webhook, in either
/// order, maybe twice): the old session is superseded and deleted in the background, and the
/// watcher is woken to announce the new event as rescheduled. Repeats change nothing.
struct RescheduleBooking: Sendable {
    let check: LinkCheck
    let store: AppDatabase
    let watcherBell: Doorbell
    let courierBell: Doorbell

    /// Records the booking for `token` and returns the session it moves; nil when the token is
    /// not a usable reschedule link of this service (tampered, foreign, or its session gone or started).
    func booked(token: String, at now: Date) async throws -> Session? {
        let link: LinkToken
        let session: Session
        do {
            (link, session) = try await check.session(for: token, action: .reschedule, now: now)
        } catch is LinkProblem {
            return nil
        }
        if try await store.recordRescheduleBooked(token: token, at: now) == nil {
            // The reschedule page was never opened here (the link was used elsewhere): open and book it now.
            guard let phone = session.phone else { return nil }
            try await store.recordRescheduleOpened(Reschedule(
                token: token, calendarID: link.calendarID, eventID: link.eventID, phone: phone, oldStartAt: session.start,
                openedAt: now))
            _ = try await store.recordRescheduleBooked(token: token, at: now)
        }
        courierBell.ring()
        watcherBell.ring()
        return session
    }
}
