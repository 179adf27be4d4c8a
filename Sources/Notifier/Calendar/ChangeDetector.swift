import Foundation

/// What the attendee was last told about an event. Changes are measured against this, never
/// against Google's `updated` or `etag`, so the service's own patches are never news.
public struct ToldState: Equatable, Sendable {
    public var phone: PhoneNumber?
    public var start: Date?
    public var cancelled: Bool
    /// How many notices this event has produced; the next one is `revision + 1`.
    public var revision: Int

    public static let nothing = ToldState(phone: nil, start: nil, cancelled: false, revision: 0)

    /// True when the attendee currently believes the session is on.
    var isLive: Bool { phone != nil && start != nil && !cancelled }
}

/// A notice to send, and what the attendee will have been told once it is sent.
public struct Decision: Equatable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case scheduled, rescheduled, cancelled
    }

    public var kind: Kind
    public var phone: PhoneNumber
    public var start: Date
    public var previousStart: Date?
    public var told: ToldState
}

/// The rules of DESIGN.md §6: first sight → scheduled, start changed → rescheduled, deleted or
/// "Cancelled …" → cancelled, new phone → scheduled to it; everything else → nothing.
public struct ChangeDetector: Sendable {
    public var notifyHorizon: Duration?

    public init(notifyHorizon: Duration?) {
        self.notifyHorizon = notifyHorizon
    }

    /// The notice `appointment` calls for, given what its attendee was told, or nil.
    public func decide(told: ToldState, appointment: Appointment, now: Date) -> Decision? {
        guard !appointment.isMuted else { return nil }
        guard told.isLive, let toldPhone = told.phone, let toldStart = told.start else {
            return firstAnnouncement(told: told, appointment: appointment, now: now)
        }
        if appointment.isCancelled {
            // A session that has already begun is past news; nobody needs to hear it was deleted.
            guard toldStart > now else { return nil }
            var next = told
            next.cancelled = true
            next.revision += 1
            return Decision(kind: .cancelled, phone: toldPhone, start: toldStart, previousStart: nil, told: next)
        }
        guard appointment.isNotifiable(at: now), let phone = appointment.phone, let start = appointment.start else {
            return nil
        }
        if phone != toldPhone {
            return Decision(kind: .scheduled, phone: phone, start: start, previousStart: nil,
                            told: ToldState(phone: phone, start: start, cancelled: false, revision: told.revision + 1))
        }
        guard start != toldStart else { return nil }
        return Decision(kind: .rescheduled, phone: phone, start: start, previousStart: toldStart,
                        told: ToldState(phone: phone, start: start, cancelled: false, revision: told.revision + 1))
    }

    /// An event the attendee knows nothing about (or was told is cancelled) is announced once
    /// it is notifiable, not cancelled, and within the horizon.
    private func firstAnnouncement(told: ToldState, appointment: Appointment, now: Date) -> Decision? {
        guard !appointment.isCancelled, appointment.isNotifiable(at: now),
              let phone = appointment.phone, let start = appointment.start,
              isDue(appointment, now: now)
        else { return nil }
        return Decision(kind: .scheduled, phone: phone, start: start, previousStart: nil,
                        told: ToldState(phone: phone, start: start, cancelled: false, revision: told.revision + 1))
    }

    /// Whether a host-created event is close enough to announce under `NOTIFY_HORIZON`.
    func isDue(_ appointment: Appointment, now: Date) -> Bool {
        guard let notifyHorizon, !appointment.announceAtOnce, let start = appointment.start else { return true }
        return start.timeIntervalSince(now) <= TimeInterval(notifyHorizon.components.seconds)
    }
}
