import Foundation

/// Fixes what a decided notice will say before its first attempt: fresh short links (backed by
/// Fernet tokens) and the text, or the approved template's values when the kind has one.
struct NoticeDrafter: Sendable {
    let text: NoticeText
    /// Which links a notice carries, and their tokens and addresses.
    let links: AttendeeLinks
    let contentSIDs: ContentSIDs

    /// `message` with its text and link codes filled in, and the links to store with it.
    func draft(_ message: OutboxMessage, now: Date) -> (message: OutboxMessage, links: [ShortLink]) {
        var message = message
        // Every link names its attendee (DESIGN.md §22): once the host replaces or removes them,
        // their old links act on nothing, and a group attendee's link frees their place alone.
        let actions = links.actions(for: message)
        let made = Dictionary(uniqueKeysWithValues: actions.map { action in
            (action, links.shortLink(action, calendarID: message.calendarID, eventID: message.eventID,
                                     sequence: message.sequence, attendee: message.phone, now: now))
        })
        message.cancelCode = made[.cancel]?.code
        message.rescheduleCode = made[.reschedule]?.code
        message.bookCode = made[.book]?.code
        let noticeLinks = links.noticeLinks(actions) { links.shortURL(code: made[$0]!.code) }
        if let sid = contentSIDs.sid(for: message.kind) {
            message.contentSID = sid
            let variables = text.contentVariables(for: message, links: noticeLinks)
            message.contentVariables = String(decoding: (try? JSONEncoder.sorted.encode(variables)) ?? Data("{}".utf8), as: UTF8.self)
        } else {
            message.body = text.body(for: message, links: noticeLinks)
        }
        return (message, actions.compactMap { made[$0] })
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
