import Foundation

/// Fixes what a decided notice will say before its first attempt: fresh short links (backed by
/// Fernet tokens) and the text, or the approved template's values when the kind has one.
struct NoticeDrafter: Sendable {
    let text: NoticeText
    /// Which links a notice carries, and their tokens and addresses.
    let links: AttendeeLinks
    let contentSIDs: ContentSIDs

    /// `message` with its text and link codes filled in, and the links to store with it; `chosen`
    /// is the language the attendee chose, if any.
    /// `windowOpen`: the attendee wrote in the last 24 hours and the provider has reply buttons of
    /// its own, so a reminder goes as text with buttons rather than as a template.
    func draft(_ message: OutboxMessage, chosen: Language?, windowOpen: Bool = false, now: Date) -> (message: OutboxMessage, links: [ShortLink]) {
        var message = message
        let language = text.languages.language(eventTag: message.language.flatMap(Language.init(tag:)), chosen: chosen, phone: message.phone)
        message.language = language.code
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
        // Meta takes at most 1,024 characters with reply buttons: a longer reminder goes as its template.
        let withButtons = message.kind == .reminder && windowOpen ? text.body(for: message, links: noticeLinks) : nil
        if let body = withButtons, body.count <= OutboxMessage.replyButtonsTextLimit {
            message.body = body
            message.contentVariables = OutboxMessage.buttonsMarker(text.replyButtons(for: message, in: language))
        } else if let (sid, templateLanguage) = contentSIDs.sid(for: message.kind, in: language, defaultLanguage: text.languages.defaultLanguage) {
            message.contentSID = sid
            // An approved template missing in their language falls back to another: its values follow it.
            message.language = templateLanguage.code
            let variables = text.contentVariables(for: message, links: noticeLinks)
            message.contentVariables = String(decoding: (try? JSONEncoder.sorted.encode(variables)) ?? Data("{}".utf8), as: UTF8.self)
        } else {
            message.body = text.body(for: message, links: noticeLinks)
        }
        return (message, actions.compactMap { made[$0] })
    }
}

extension ContentSIDs {
    /// The approved template for `kind`, if the operator configured one (the unsuffixed settings).
    func sid(for kind: Decision.Kind) -> String? {
        switch kind {
        case .scheduled: scheduled
        case .rescheduled: rescheduled
        case .cancelled: cancelled
        case .reminder: reminder
        }
    }

    /// The approved template for `kind` in `language`, falling back `pt-BR` → `pt` → the default
    /// language (DESIGN.md §26), whose template is also the one without a language suffix; and
    /// the language the template is in.
    func sid(for kind: Decision.Kind, in language: Language, defaultLanguage: Language) -> (String, Language)? {
        // `pt`'s template speaks to a `pt-BR` reader in their own language: its values stay `pt-BR`.
        for candidate in [language, language.base] {
            if let sid = byLanguage[candidate]?[kind] { return (sid, language) }
        }
        if let sid = byLanguage[defaultLanguage]?[kind] { return (sid, defaultLanguage) }
        return sid(for: kind).map { ($0, translatedByName ? language : defaultLanguage) }
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
