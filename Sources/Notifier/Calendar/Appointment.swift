import Foundation

/// An event seen the way the notification rules see it (DESIGN.md §6).
public struct Appointment: Equatable, Sendable {
    public var summary: String
    /// Nil for all-day events, which are never announced.
    public var start: Date?
    public var timeZone: String?
    /// The attendees' numbers, and the number-like texts that cannot be used.
    public var numbers: LocationNumbers
    /// Deleted, or renamed so that its first word is "Cancel", "Cancelled" or "Canceled".
    public var isCancelled: Bool
    /// A `#mute` line silences the event.
    public var isMuted: Bool
    /// Booked through Calendly, or marked `#notify`: announced at once whatever `NOTIFY_HORIZON` says.
    public var announceAtOnce: Bool
    /// Calendly wrote this event (its description mentions calendly.com): maybe a rescheduled session.
    public var isCalendlyBooking: Bool
    /// A `#lang pt-BR` line: the language every message about the event is written in.
    public var language: Language? = nil

    public init(
        summary: String, start: Date?, timeZone: String?, numbers: LocationNumbers, isCancelled: Bool,
        isMuted: Bool = false, announceAtOnce: Bool = false, isCalendlyBooking: Bool = false
    ) {
        self.summary = summary
        self.start = start
        self.timeZone = timeZone
        self.numbers = numbers
        self.isCancelled = isCancelled
        self.isMuted = isMuted
        self.announceAtOnce = announceAtOnce || isCalendlyBooking
        self.isCalendlyBooking = isCalendlyBooking
    }

    /// Reads an event's fields with the given default calling code for national numbers.
    init(event: StoredEvent, defaultCallingCode: CallingCode?) {
        let description = EventDescription(event.description)
        self.init(
            summary: event.summary,
            start: event.startAt,
            timeZone: event.timeZone,
            numbers: LocationNumbers(event.location, defaultCallingCode: defaultCallingCode),
            isCancelled: event.status == "cancelled" || CancelledTitle.matches(event.summary),
            isMuted: description.hasLine("#mute"),
            announceAtOnce: description.hasLine("#notify"),
            isCalendlyBooking: description.hostText.lowercased().contains("calendly.com"))
        language = description.language
    }

    /// Several attendees: each gets their own messages and links, and no reschedule link is offered.
    public var isGroup: Bool { numbers.phones.count > 1 }

    /// Timed, not started yet, and not muted.
    func isOn(at now: Date) -> Bool {
        guard let start, !isMuted else { return false }
        return start > now
    }

    /// The summary without a "Cancelled: " style first word, for the cancellation message.
    var summaryWithoutCancelPrefix: String { CancelledTitle.withoutCancelWord(summary) }
}

/// The title rule of DESIGN.md §6: an event whose title's first word is "Cancel", "Cancelled" or
/// "Canceled" (any case, any punctuation after it) is cancelled; "Cancellation policy" is not.
package enum CancelledTitle {
    static let words: Set<String> = ["cancel", "cancelled", "canceled"]

    package static func matches(_ summary: String) -> Bool {
        words.contains(String(summary.trimmingCharacters(in: .whitespaces).prefix { $0.isLetter }).lowercased())
    }

    /// The title a cancellation message, and a page to book the session again, quote: "Coaching"
    /// for "Cancelled: Coaching".
    /// Every such word goes ("Cancelled: Cancelled: Pilates"): a title still starting with one
    /// would make a session booked again read as cancelled, and never be announced (found in
    /// review).
    package static func withoutCancelWord(_ summary: String) -> String {
        var title = summary
        while matches(title) {
            let rest = rest(of: title)
            guard rest != title else { return title }
            title = rest
        }
        return title
    }

    /// What follows the first word and the punctuation after it; the whole title when nothing does.
    static func rest(of summary: String) -> String {
        let afterWord = summary.trimmingCharacters(in: .whitespaces).drop { $0.isLetter }
        let rest = afterWord.drop { !$0.isLetter && !$0.isNumber && !"(\"'“".contains($0) }
        return rest.isEmpty ? summary : String(rest)
    }
}
