import Foundation

/// What a sync needs to know about reschedules through Calendly: which old events are superseded
/// (deleted without a cancellation message), which new Calendly events are the moved sessions
/// (announced as rescheduled from the old time), and whose bookings may be on their way (held).
package struct RescheduleLedger: Sendable {
    private(set) var reschedules: [Reschedule]
    /// Claims made in this plan, to be written with it.
    package private(set) var claims: [Reschedule] = []

    init(_ reschedules: [Reschedule]) {
        self.reschedules = reschedules
    }

    /// True when some event not changed in Google may still need a decision (a booking arrived, or may arrive).
    var isOpen: Bool {
        reschedules.contains { $0.newEventID == nil }
    }

    /// The reschedule whose new event replaces this one, if any.
    func superseding(calendarID: String, eventID: String) -> Reschedule? {
        reschedules.first { $0.newEventID != nil && $0.calendarID == calendarID && $0.eventID == eventID }
    }

    /// Takes the oldest confirmed, unclaimed booking for `phone` as the origin of this new event.
    mutating func claim(phone: String, calendarID: String, eventID: String, now: Date) -> Reschedule? {
        guard let index = reschedules.firstIndex(where: {
            $0.phone == phone && $0.newEventID == nil && $0.eventID != eventID
                && ($0.bookedAt.map { now.timeIntervalSince($0) < Reschedule.claimWithin } ?? false)
        }) else { return nil }
        reschedules[index].newCalendarID = calendarID
        reschedules[index].newEventID = eventID
        claims.append(reschedules[index])
        return reschedules[index]
    }

    /// True while `phone` opened a reschedule link recently and Calendly has not confirmed yet:
    /// a Calendly event for that number is probably the new booking, so it waits for the confirmation.
    func isAwaitingBooking(phone: String, now: Date) -> Bool {
        reschedules.contains {
            $0.phone == phone && $0.bookedAt == nil && $0.newEventID == nil
                && now.timeIntervalSince($0.openedAt) < Reschedule.holdForBooking
        }
    }
}
