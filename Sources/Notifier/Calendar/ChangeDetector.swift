import Foundation

/// What one attendee was last told about an event: what the latest message that reached Twilio,
/// and did not fail, announced. Changes are measured against this, never against Google's
/// `updated` or `etag`, so the service's own patches are never news; and a message that failed
/// told nothing, so the next change is announced as scheduled, not as a move.
public struct ToldState: Equatable, Sendable {
    /// The start the attendee heard of; nil when told nothing.
    public var start: Date?
    public var cancelled: Bool

    public static let nothing = ToldState(start: nil, cancelled: false)

    public init(start: Date?, cancelled: Bool) {
        self.start = start
        self.cancelled = cancelled
    }

    /// True when the attendee currently believes the session is on.
    package var isLive: Bool { start != nil && !cancelled }
}

/// A notice to send to one attendee.
public struct Decision: Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case scheduled, rescheduled, cancelled
        /// Planned ahead of a session (`REMINDERS`), not decided by a change.
        case reminder
    }

    public var kind: Kind
    public var phone: PhoneNumber
    public var start: Date
    public var previousStart: Date?
}

/// The rules of DESIGN.md §6, for one attendee of an event: first sight → scheduled, start changed →
/// rescheduled, deleted, "Cancelled …" or the attendee's number gone from the location → cancelled;
/// everything else → nothing.
public struct ChangeDetector: Sendable {
    public var notifyHorizon: Duration?

    public init(notifyHorizon: Duration?) {
        self.notifyHorizon = notifyHorizon
    }

    /// The notice `appointment` calls for to `phone`, given what that attendee was told, or nil.
    public func decide(told: ToldState, phone: PhoneNumber, appointment: Appointment, now: Date) -> Decision? {
        guard !appointment.isMuted else { return nil }
        guard told.isLive, let toldStart = told.start else {
            return firstAnnouncement(phone: phone, appointment: appointment, now: now)
        }
        // Their number now stands beside another that nothing ties to it: the event is red until
        // the host says whose it is, and a "cancelled" would tell them wrongly (found in review).
        if !appointment.isCancelled, appointment.numbers.heldBack.contains(phone) { return nil }
        if appointment.isCancelled || !appointment.numbers.phones.contains(phone) {
            // A session that has already begun is past news; nobody needs to hear it was deleted.
            guard toldStart > now else { return nil }
            return Decision(kind: .cancelled, phone: phone, start: toldStart, previousStart: nil)
        }
        guard appointment.isOn(at: now), let start = appointment.start, start != toldStart else { return nil }
        return Decision(kind: .rescheduled, phone: phone, start: start, previousStart: toldStart)
    }

    /// An attendee who knows nothing of the session (or was told it is cancelled) hears of it once
    /// it is on, their number is in the location, and it is within the horizon.
    private func firstAnnouncement(phone: PhoneNumber, appointment: Appointment, now: Date) -> Decision? {
        guard !appointment.isCancelled, appointment.numbers.phones.contains(phone), appointment.isOn(at: now),
              let start = appointment.start, isDue(appointment, now: now)
        else { return nil }
        return Decision(kind: .scheduled, phone: phone, start: start, previousStart: nil)
    }

    /// Whether a host-created event is close enough to announce under `NOTIFY_HORIZON`.
    func isDue(_ appointment: Appointment, now: Date) -> Bool {
        guard let notifyHorizon, !appointment.announceAtOnce, let start = appointment.start else { return true }
        return start.timeIntervalSince(now) <= TimeInterval(notifyHorizon.components.seconds)
    }
}
