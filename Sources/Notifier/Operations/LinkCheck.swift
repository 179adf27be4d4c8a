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
    /// The link names an attendee the host has since replaced or removed: it acts on nothing.
    case replaced
}

/// Reads a link token and checks that it may act: DESIGN.md §7.
public struct LinkCheck: Sendable {
    let codec: LinkTokenCodec
    let store: any ServiceStore
    /// Whether a calendar is watched now (an account that connects late joins them).
    let isWatched: @Sendable (String) -> Bool
    /// `DEFAULT_COUNTRY_CODE`, to read the numbers in a location as the sync does.
    let defaultCallingCode: CallingCode?

    package init(codec: LinkTokenCodec, store: any ServiceStore, isWatched: @escaping @Sendable (String) -> Bool, defaultCallingCode: CallingCode?) {
        self.codec = codec
        self.store = store
        self.isWatched = isWatched
        self.defaultCallingCode = defaultCallingCode
    }

    /// The session a valid token for `action` names, or the reason it cannot be used.
    /// A group session's link acts for the attendee it names, and only while that attendee is on.
    public func session(for token: String, action: LinkToken.Action, now: Date) async throws -> (LinkToken, Session) {
        guard let link = try? codec.read(token).link, link.action == action else { throw LinkProblem.notAuthentic }
        guard isWatched(link.calendarID) else { throw LinkProblem.foreignCalendar }
        let stored = try await store.session(calendarID: link.calendarID, eventID: link.eventID)
        guard var session = stored, !session.isCancelled else { throw LinkProblem.gone(stored) }
        if let attendee = link.attendee {
            // This attendee's place only. Once they are no longer on it, the link acts on nothing:
            // they cancelled it themselves (the page says so), or the host replaced or removed them.
            guard session.attendees.contains(attendee) else {
                let own = try await store.cancelledByAttendee(attendee, calendarID: link.calendarID, eventID: link.eventID)
                throw own ? LinkProblem.gone(session) : LinkProblem.replaced
            }
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
        guard let link = try? codec.read(token).link, link.action == .book, let attendee = link.attendee,
              PhoneNumber(e164: attendee) != nil
        else {
            throw LinkProblem.notAuthentic
        }
        guard isWatched(link.calendarID) else { throw LinkProblem.foreignCalendar }
        guard var session = try await store.session(calendarID: link.calendarID, eventID: link.eventID) else {
            throw LinkProblem.gone(nil)
        }
        // Their place is cancelled: the whole session, or only theirs (the host replaced them).
        guard session.isCancelled || !session.attendees.contains(attendee) else { throw LinkProblem.notCancelled(session) }
        // The booking is for the attendee the link names, whoever the event's location holds now.
        session.attendees = [attendee]
        // Its page, and the session it books, are titled as it was before the host cancelled it.
        // A title that is nothing but "Cancelled" books an untitled session: one with that title
        // would be read as cancelled at once.
        let title = CancelledTitle.withoutCancelWord(session.summary)
        session.summary = CancelledTitle.matches(title) ? "" : title
        return (link, session)
    }

    /// The calendar a token names, if it is one of this service's tokens; nothing else is checked.
    public func calendarID(of token: String) -> String? {
        (try? codec.read(token).link)?.calendarID
    }
}
