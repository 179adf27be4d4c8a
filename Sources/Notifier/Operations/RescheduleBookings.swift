public import Foundation

/// Rescheduling through Calendly (DESIGN.md workflow 5). Opening the reschedule link is noted, so
/// that a Calendly booking for that number in the next minutes waits for Calendly's confirmation
/// and is announced as the rescheduled session, not as a new one. Calendly's confirmation
/// (redirect or webhook, in either order, maybe twice) marks the old session superseded: the
/// write-back deletes it once the new one is announced, and the watcher is rung to find the new
/// event. Repeats change nothing.
public struct RescheduleBookings: Sendable {
    let check: LinkCheck
    let store: any ServiceStore
    let bells: ServiceBells

    package init(check: LinkCheck, store: any ServiceStore, bells: ServiceBells) {
        self.check = check
        self.store = store
        self.bells = bells
    }

    /// The session a reschedule link names, or why it cannot be used; nothing is noted.
    public func session(for token: String, at now: Date) async throws -> Result<Session, LinkProblem> {
        do {
            return .success(try await check.session(for: token, action: .reschedule, now: now).1)
        } catch let problem as LinkProblem {
            return .failure(problem)
        }
    }

    /// Notes that the attendee opened the reschedule link `token` and returns its session, or why
    /// the link cannot be used.
    public func open(token: String, at now: Date) async throws -> Result<Session, LinkProblem> {
        let (link, session): (LinkToken, Session)
        do {
            (link, session) = try await check.session(for: token, action: .reschedule, now: now)
        } catch let problem as LinkProblem {
            return .failure(problem)
        }
        if let phone = session.phone {
            // Keyed on the link's payload: the same link spelled differently is one reschedule.
            try await store.recordRescheduleOpened(Reschedule(
                token: link.key, calendarID: session.calendarID, eventID: session.eventID, phone: phone,
                oldStartAt: session.start, openedAt: now, oldSummary: session.summary))
        }
        return .success(session)
    }

    /// Records the booking for `token` and returns the session it moves; nil when the token is
    /// not a usable reschedule link of this service (tampered, foreign, or its session gone or started).
    /// `startedHereOnly`: Calendly's redirect, which anyone can forge, completes only a reschedule
    /// the attendee started on this service's page; the signed webhook may also start one.
    public func booked(token: String, at now: Date, startedHereOnly: Bool = false) async throws -> Session? {
        let link: LinkToken
        let session: Session
        do {
            (link, session) = try await check.session(for: token, action: .reschedule, now: now)
        } catch is LinkProblem {
            return nil
        }
        // Rows from before reschedules were keyed on the payload carry the token's text.
        if try await store.recordRescheduleBooked(token: link.key, at: now) == nil,
           try await store.recordRescheduleBooked(token: token, at: now) == nil {
            // The reschedule page was never opened here (the link was used elsewhere): open and book it now.
            guard !startedHereOnly, let phone = session.phone else { return nil }
            try await store.recordRescheduleOpened(Reschedule(
                token: link.key, calendarID: link.calendarID, eventID: link.eventID, phone: phone, oldStartAt: session.start,
                openedAt: now, oldSummary: session.summary))
            _ = try await store.recordRescheduleBooked(token: link.key, at: now)
        }
        bells.writeBack.ring()
        bells.watcher.ring()
        return session
    }
}
