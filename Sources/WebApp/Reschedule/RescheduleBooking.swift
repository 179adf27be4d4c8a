import Foundation
import Notifier

/// Calendly confirmed a booking made through a reschedule link (redirect or webhook, in either
/// order, maybe twice): the old session is superseded and deleted in the background, and the
/// watcher is woken to announce the new event as rescheduled. Repeats change nothing.
struct RescheduleBooking: Sendable {
    let codec: LinkTokenCodec
    let store: AppDatabase
    let calendarIDs: [String]
    let watcherBell: Doorbell
    let courierBell: Doorbell

    /// Records the booking for `token` and returns the session it moves; nil when the token is
    /// not one of this service's reschedule links.
    func booked(token: String, at now: Date) async throws -> Session? {
        guard let link = try? codec.read(token).link, link.action == .reschedule, calendarIDs.contains(link.calendarID),
              let session = try await store.session(calendarID: link.calendarID, eventID: link.eventID)
        else { return nil }
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
