import Foundation

/// An event seen the way the notification rules see it (DESIGN.md §6).
public struct Appointment: Equatable, Sendable {
    public var summary: String
    /// Nil for all-day events, which are never announced.
    public var start: Date?
    public var timeZone: String?
    public var phone: PhoneNumber?
    /// Deleted, or renamed to start with "Cancel" ("Cancelled", "Canceled", any case).
    public var isCancelled: Bool
    /// A `#mute` line silences the event.
    public var isMuted: Bool
    /// Booked through Calendly, or marked `#notify`: announced at once whatever `NOTIFY_HORIZON` says.
    public var announceAtOnce: Bool
    /// Calendly wrote this event (its description mentions calendly.com): maybe a rescheduled session.
    public var isCalendlyBooking: Bool

    public init(
        summary: String, start: Date?, timeZone: String?, phone: PhoneNumber?, isCancelled: Bool,
        isMuted: Bool = false, announceAtOnce: Bool = false, isCalendlyBooking: Bool = false
    ) {
        self.summary = summary
        self.start = start
        self.timeZone = timeZone
        self.phone = phone
        self.isCancelled = isCancelled
        self.isMuted = isMuted
        self.announceAtOnce = announceAtOnce || isCalendlyBooking
        self.isCalendlyBooking = isCalendlyBooking
    }

    /// Reads an event's fields with the given default calling code for national numbers.
    init(event: StoredEvent, defaultCallingCode: CallingCode?) {
        let description = EventDescription(event.description)
        let summary = event.summary
        self.init(
            summary: summary,
            start: event.startAt,
            timeZone: event.timeZone,
            phone: event.location.flatMap { PhoneNumberParser.parse($0, defaultCallingCode: defaultCallingCode) },
            isCancelled: event.status == "cancelled" || summary.lowercased().hasPrefix("cancel"),
            isMuted: description.hasLine("#mute"),
            announceAtOnce: description.hasLine("#notify"),
            isCalendlyBooking: description.hostText.lowercased().contains("calendly.com"))
    }

    /// Timed, with a phone number, not started yet, and not muted.
    func isNotifiable(at now: Date) -> Bool {
        guard let start, phone != nil, !isMuted else { return false }
        return start > now
    }

    /// The summary without a "Cancelled: " style prefix, for the cancellation message.
    var summaryWithoutCancelPrefix: String {
        guard summary.lowercased().hasPrefix("cancel") else { return summary }
        let words = summary.drop { $0.isLetter }
        let rest = words.drop { " :-–—".contains($0) }
        return rest.isEmpty ? summary : String(rest)
    }
}
