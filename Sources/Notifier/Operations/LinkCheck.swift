public import Foundation

/// Why a cancel or reschedule link cannot be used; each reads as a friendly page, never a stack trace.
public enum LinkProblem: Error, Sendable {
    /// Tampered, made with a key this service does not hold, malformed, or for another action.
    case notAuthentic
    /// Names a calendar this service does not watch.
    case foreignCalendar
    /// The event is unknown, deleted, or cancelled already.
    case gone(Session?)
    /// The session has started; links act only before it.
    case started(Session)
    /// A link without an attendee for a session with several: it cannot say whose place it frees.
    case groupNeedsAttendee
    /// A book-again link for a session that is on after all: nothing to book.
    case notCancelled(Session)
}

/// Reads a link token and checks that it may act: DESIGN.md §7.
public struct LinkCheck: Sendable {
    let codec: LinkTokenCodec
    let store: AppDatabase
    let calendarIDs: [String]

    public init(codec: LinkTokenCodec, store: AppDatabase, calendarIDs: [String]) {
        self.codec = codec
        self.store = store
        self.calendarIDs = calendarIDs
    }

    /// The session a valid token for `action` names, or the reason it cannot be used.
    /// A group session's link acts for the attendee it names, and only while that attendee is on.
    public func session(for token: String, action: LinkToken.Action, now: Date) async throws -> (LinkToken, Session) {
        guard let link = try? codec.read(token).link, link.action == action else { throw LinkProblem.notAuthentic }
        guard calendarIDs.contains(link.calendarID) else { throw LinkProblem.foreignCalendar }
        let stored = try await store.session(calendarID: link.calendarID, eventID: link.eventID)
        guard var session = stored, !session.isCancelled else { throw LinkProblem.gone(stored) }
        if let attendee = link.attendee {
            // This attendee's place only: gone once they are no longer on it.
            guard session.attendees.contains(attendee) else { throw LinkProblem.gone(session) }
            session.attendees = [attendee]
        } else if session.isGroup {
            throw LinkProblem.groupNeedsAttendee
        }
        guard session.start > now else { throw LinkProblem.started(session) }
        return (link, session)
    }

    /// The cancelled session a valid `book` token names, with its attendee, or the reason it
    /// cannot be used. Booking again is for one attendee's sessions, not for groups.
    public func cancelledSession(for token: String) async throws -> (LinkToken, Session) {
        guard let link = try? codec.read(token).link, link.action == .book, let attendee = link.attendee else {
            throw LinkProblem.notAuthentic
        }
        guard calendarIDs.contains(link.calendarID) else { throw LinkProblem.foreignCalendar }
        guard var session = try await store.session(calendarID: link.calendarID, eventID: link.eventID) else {
            throw LinkProblem.gone(nil)
        }
        guard session.isCancelled else { throw LinkProblem.notCancelled(session) }
        session.attendees = [attendee]
        return (link, session)
    }
}
