import Foundation

/// Fixes what a decided notice will say before its first attempt: fresh short links (backed by
/// Fernet tokens) and the text, or the approved template's values when the kind has one.
struct NoticeDrafter: Sendable {
    let text: NoticeText
    let codec: LinkTokenCodec
    let publicBaseURL: URL
    /// A reschedule link is offered only when Calendly is configured, and never to a group.
    let offersReschedule: Bool
    /// The built-in booking pages are on: a cancelled message carries a link to book again.
    let offersBooking: Bool
    let contentSIDs: ContentSIDs

    /// `message` with its text and link codes filled in, and the links to store with it.
    func draft(_ message: OutboxMessage, now: Date) -> (message: OutboxMessage, links: [ShortLink]) {
        var message = message
        var links: [ShortLink] = []
        var noticeLinks: NoticeLinks?
        if message.kind != .cancelled, message.kind != .reminder {
            let cancel = shortLink(.cancel, for: message, now: now)
            let reschedule = offersReschedule && !message.forGroup ? shortLink(.reschedule, for: message, now: now) : nil
            links = [cancel] + (reschedule.map { [$0] } ?? [])
            message.cancelCode = cancel.code
            message.rescheduleCode = reschedule?.code
            noticeLinks = NoticeLinks(cancel: url(cancel), reschedule: reschedule.map(url))
        }
        // With the built-in booking pages, a cancelled session's attendee may book again.
        if message.kind == .cancelled, offersBooking, !message.forGroup, !message.aboutSeries {
            let book = shortLink(.book, for: message, now: now)
            links = [book]
            message.bookCode = book.code
            noticeLinks = NoticeLinks(cancel: nil, reschedule: nil, book: url(book))
        }
        if let sid = contentSIDs.sid(for: message.kind) {
            message.contentSID = sid
            let variables = text.contentVariables(for: message, links: noticeLinks)
            message.contentVariables = String(decoding: (try? JSONEncoder.sorted.encode(variables)) ?? Data("{}".utf8), as: UTF8.self)
        } else {
            message.body = text.body(for: message, links: noticeLinks)
        }
        return (message, links)
    }

    /// `PUBLIC_BASE_URL/r/{code}`, as the attendee sees it.
    func url(_ link: ShortLink) -> String {
        Self.shortURL(code: link.code, base: publicBaseURL)
    }

    static func shortURL(code: String, base: URL) -> String {
        base.appendingPathComponent("r").appendingPathComponent(code).absoluteString
    }

    private func shortLink(_ action: LinkToken.Action, for message: OutboxMessage, now: Date) -> ShortLink {
        // Every link names its attendee (DESIGN.md §22): once the host replaces or removes them,
        // their old links act on nothing, and a group attendee's link frees their place alone.
        let token = codec.mint(LinkToken(action: action, calendarID: message.calendarID, eventID: message.eventID,
                                         sequence: message.sequence, attendee: message.phone))
        return ShortLink(code: ShortLink.randomCode(), target: "/\(action.rawValue)/\(token)",
                         calendarID: message.calendarID, eventID: message.eventID, createdAt: now)
    }
}

extension ContentSIDs {
    /// The approved template for `kind`, if the operator configured one.
    func sid(for kind: Decision.Kind) -> String? {
        switch kind {
        case .scheduled: scheduled
        case .rescheduled: rescheduled
        case .cancelled: cancelled
        case .reminder: reminder
        }
    }
}

extension JSONEncoder {
    /// Keys in a fixed order, so the same values always give the same text.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
