public import Foundation

/// An attendee confirmed the cancel form (DESIGN.md workflow 4): their place is cancelled in
/// Google Calendar (`EventCancellation`), after which the watcher sends the cancelled message.
/// Confirming twice finds the place gone and says it is cancelled.
public struct SessionCancellation: Sendable {
    let check: LinkCheck
    let cancellation: EventCancellation

    public init(check: LinkCheck, cancellation: EventCancellation) {
        self.check = check
        self.cancellation = cancellation
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
            let attendee = link.attendee.flatMap(PhoneNumber.init(e164:))
            // The host replaced the attendee after the last sync: the link acts on nothing.
            guard try await cancellation.cancel(calendarID: link.calendarID, eventID: link.eventID, attendee: attendee) else {
                return .refused(.replaced)
            }
            if let attendee {
                try await check.store.recordCancelledByAttendee(attendee.e164, calendarID: link.calendarID, eventID: link.eventID, at: now)
            }
            return .cancelled(session)
        } catch let problem as LinkProblem {
            if case .gone(let session?) = problem { return .cancelled(session) }
            return .refused(problem)
        }
    }
}
