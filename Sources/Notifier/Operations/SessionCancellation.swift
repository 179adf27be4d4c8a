public import Foundation
public import GoogleCalendar

/// An attendee confirmed the cancel form (DESIGN.md workflow 4). A one-attendee session's event is
/// deleted in Google Calendar; in a group session only this attendee's number leaves the location
/// (the event stays, the others are not told). Either way the watcher is rung, sees the change at
/// once and sends the attendee the cancelled message. Confirming twice finds the place gone and
/// says it is cancelled.
public struct SessionCancellation: Sendable {
    let check: LinkCheck
    let google: GoogleCalendarClient
    let defaultCallingCode: CallingCode?
    let bells: ServiceBells

    public init(check: LinkCheck, google: GoogleCalendarClient, defaultCallingCode: CallingCode?, bells: ServiceBells) {
        self.check = check
        self.google = google
        self.defaultCallingCode = defaultCallingCode
        self.bells = bells
    }

    public enum Outcome: Sendable {
        case cancelled(Session)
        case refused(LinkProblem)
    }

    /// The session a cancel link names, or why it cannot be cancelled (nothing changes then).
    public func session(for token: String, at now: Date) async throws -> Result<Session, LinkProblem> {
        do {
            return .success(try await check.session(for: token, action: .cancel, now: now).1)
        } catch let problem as LinkProblem {
            return .failure(problem)
        }
    }

    /// Cancels the session `token` names; Google's errors are thrown (the attendee may try again).
    public func confirm(token: String, at now: Date) async throws -> Outcome {
        do {
            let (link, session) = try await check.session(for: token, action: .cancel, now: now)
            if let attendee = link.attendee.flatMap(PhoneNumber.init(e164:)) {
                try await removeAttendee(attendee, calendarID: link.calendarID, eventID: link.eventID)
            } else {
                try await google.deleteEvent(calendarID: link.calendarID, eventID: link.eventID)
            }
            bells.watcher.ring()
            return .cancelled(session)
        } catch let problem as LinkProblem {
            if case .gone(let session?) = problem { return .cancelled(session) }
            return .refused(problem)
        }
    }

    /// Takes `phone` out of the event's location with `If-Match`; a host edit at the same moment
    /// (`412`) is read again, so it is kept.
    private func removeAttendee(_ phone: PhoneNumber, calendarID: String, eventID: String) async throws {
        for attempt in 1...3 {
            let event = try await google.event(calendarID: calendarID, eventID: eventID)
            let location = event.location ?? ""
            let remaining = LocationNumbers.removing(phone, from: location, defaultCallingCode: defaultCallingCode)
            guard remaining != location else { return }
            do {
                _ = try await google.patchEvent(calendarID: calendarID, eventID: eventID,
                                                patch: EventPatch(location: remaining), ifMatch: event.etag)
                return
            } catch {
                guard error.isPreconditionFailed, attempt < 3 else { throw error }
            }
        }
    }
}
