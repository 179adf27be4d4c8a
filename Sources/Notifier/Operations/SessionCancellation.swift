public import Foundation
public import GoogleCalendar

/// An attendee confirmed the cancel form (DESIGN.md workflow 4): the event is deleted in Google
/// Calendar and the watcher is rung, so that it sees the deletion at once and sends the
/// cancelled message as for any deletion. Confirming twice finds the session gone and says it
/// is cancelled.
public struct SessionCancellation: Sendable {
    let check: LinkCheck
    let google: GoogleCalendarClient
    let bells: ServiceBells

    public init(check: LinkCheck, google: GoogleCalendarClient, bells: ServiceBells) {
        self.check = check
        self.google = google
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
            try await google.deleteEvent(calendarID: link.calendarID, eventID: link.eventID)
            bells.watcher.ring()
            return .cancelled(session)
        } catch let problem as LinkProblem {
            if case .gone(let session?) = problem { return .cancelled(session) }
            return .refused(problem)
        }
    }
}
