import Foundation

/// The answers of the WhatsApp conversation (DESIGN.md §15), in the attendee's language (§26).
struct ReplyTexts {
    let templates: MessageTemplates
    let language: Language

    var cancelling: String { text("reply.cancelling") }
    var noReschedule: String { text("reply.no_reschedule") }
    var stopped: String { text("reply.stopped") }
    var started: String { text("reply.started") }
    var help: String { text("reply.help") }
    var languageSet: String { text("reply.language_set") }

    func confirmed(_ session: Session) -> String { text("reply.confirmed", session) }
    func cancelQuestion(_ session: Session) -> String { text("reply.cancel_question", session) }
    func wasCancelled(_ session: Session) -> String { text("reply.was_cancelled", session) }
    func hasStarted(_ session: Session) -> String { text("reply.has_started", session) }
    func movedSince(_ session: Session) -> String { text("reply.moved_since", session) }
    func reschedule(_ link: String) -> String { text("reply.reschedule", ["link": link]) }

    /// `LANGUAGE` with no language, or one without texts: how to choose, and the codes there are.
    func languageUnknown(_ languages: [Language]) -> String {
        text("reply.language_unknown", ["languages": languages.map(\.code).joined(separator: ", ")])
    }

    private func text(_ key: String, _ session: Session) -> String {
        let start = SessionTime.text(session.start, in: SessionTime.zone(session.timeZone), language: language)
        return MessageTitle.fitted(session.summary) { title in text(key, ["summary": title, "titled": !title.isEmpty, "start": start]) }
    }

    private func text(_ key: String, _ values: [String: Any] = [:]) -> String {
        templates.text(key, values, in: language)
    }
}
