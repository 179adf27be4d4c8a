public import Foundation

/// An attendee's links and addresses, decided in one place (DESIGN.md §7, §18, §22): which
/// actions a message, a reply, a page or the feed offers, the token behind each (it names the
/// attendee, so a replaced attendee's links act on nothing), and the URLs the attendee sees.
/// The drafter, the dry run, the conversation, the feed and the pages all ask it.
public struct AttendeeLinks: Sendable {
    public let codec: LinkTokenCodec
    public let publicBaseURL: URL
    /// Reschedule links: a Calendly page or the built-in booking pages is configured.
    public let offersReschedule: Bool
    /// Book-again links after a cancellation: the built-in booking pages are on.
    public let offersBooking: Bool

    public init(codec: LinkTokenCodec, publicBaseURL: URL, offersReschedule: Bool, offersBooking: Bool) {
        self.codec = codec
        self.publicBaseURL = publicBaseURL
        self.offersReschedule = offersReschedule
        self.offersBooking = offersBooking
    }

    /// What a notice offers: cancel, and reschedule except to a group, with a scheduled or
    /// rescheduled message; book again with a cancelled one-attendee session (not a whole series);
    /// nothing with a reminder (its buttons do that).
    func actions(for notice: OutboxMessage) -> [LinkToken.Action] {
        switch notice.kind {
        case .scheduled, .rescheduled: sessionActions(forGroup: notice.forGroup)
        case .cancelled: offersBooking && !notice.forGroup && !notice.aboutSeries ? [.book] : []
        case .reminder: []
        }
    }

    /// What a live session offers its attendee (the feed, a reply): cancel, and reschedule except in a group.
    func sessionActions(forGroup: Bool) -> [LinkToken.Action] {
        offersReschedule && !forGroup ? [.cancel, .reschedule] : [.cancel]
    }

    /// Whether a cancelled session can be booked again from its cancel page.
    public func booksAgain(_ session: Session) -> Bool {
        offersBooking && session.phone != nil && !session.isGroup
    }

    /// The notice's links as the text shows them, each URL given by `url`.
    func noticeLinks(_ actions: [LinkToken.Action], url: (LinkToken.Action) -> String) -> NoticeLinks? {
        guard !actions.isEmpty else { return nil }
        func link(_ action: LinkToken.Action) -> String? { actions.contains(action) ? url(action) : nil }
        return NoticeLinks(cancel: link(.cancel), reschedule: link(.reschedule), book: link(.book))
    }

    /// A fresh token for `action` on the session, naming `attendee`.
    func token(_ action: LinkToken.Action, calendarID: String, eventID: String, sequence: Int, attendee: String?) -> String {
        codec.mint(LinkToken(action: action, calendarID: calendarID, eventID: eventID, sequence: sequence, attendee: attendee))
    }

    /// A short link (`/r/{code}`) to the page of `action`, to store before it is sent.
    func shortLink(_ action: LinkToken.Action, calendarID: String, eventID: String, sequence: Int, attendee: String?,
                   now: Date) -> ShortLink {
        let token = token(action, calendarID: calendarID, eventID: eventID, sequence: sequence, attendee: attendee)
        return ShortLink(code: ShortLink.randomCode(), target: "/\(action.rawValue)/\(token)",
                         calendarID: calendarID, eventID: eventID, createdAt: now)
    }

    /// `PUBLIC_BASE_URL/{action}/{token}` for `session`'s attendee `attendee`: a page's own link.
    public func pageURL(_ action: LinkToken.Action, for session: Session, attendee: String) -> String {
        let token = token(action, calendarID: session.calendarID, eventID: session.eventID, sequence: session.sequence,
                          attendee: attendee)
        return publicBaseURL.appendingPathComponent(action.rawValue).appendingPathComponent(token).absoluteString
    }

    /// `PUBLIC_BASE_URL/r/{code}`, as the attendee sees a short link.
    public func shortURL(code: String) -> String {
        Self.shortURL(code: code, base: publicBaseURL)
    }

    static func shortURL(code: String, base: URL) -> String {
        base.appendingPathComponent("r").appendingPathComponent(code).absoluteString
    }

    /// What the dry run shows in place of a link not made yet.
    var placeholderURL: String { publicBaseURL.appendingPathComponent("r").absoluteString + "/…" }

    /// `PUBLIC_BASE_URL/calendar/{code}.ics`: the attendee's calendar feed (the code is made once per number).
    package func feedURL(for phone: String, in store: any ServiceStore, now: Date) async throws -> String {
        let code = try await store.feedCode(for: phone, now: now)
        return publicBaseURL.appendingPathComponent("calendar").appendingPathComponent("\(code).ics").absoluteString
    }
}

extension AttendeeLinks {
    /// A feed entry's links for its attendee: cancel, and reschedule where a session offers it.
    public func feedLinks(for session: Session, attendee: String) -> CalendarFeed.FeedLinks {
        let actions = sessionActions(forGroup: session.isGroup)
        return CalendarFeed.FeedLinks(cancel: pageURL(.cancel, for: session, attendee: attendee),
                                      reschedule: actions.contains(.reschedule) ? pageURL(.reschedule, for: session, attendee: attendee) : nil)
    }
}
