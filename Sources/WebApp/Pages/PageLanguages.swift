import Foundation
import Hummingbird
import Notifier

/// The language a page is shown in (DESIGN.md §26): `?lang=` when the attendee followed a
/// language link (that page only), else the attendee's own language (the event's `#lang`, their
/// choice, their country, the default), else what the browser asks for, else `DEFAULT_LANGUAGE`.
struct PageLanguages: Sendable {
    let templates: MessageTemplates
    let choice: LanguageChoice
    let store: AppDatabase?

    /// The language of a page about `session` (nil: a page that knows no attendee).
    /// `field`: the `lang` a page's form posted back (the language that page was shown in).
    func language(_ request: Request, session: Session? = nil, field: String? = nil) async -> Language {
        if let field = field.flatMap(Language.init(tag:)), choice.available.contains(field) { return field }
        if let asked = asked(request) { return asked }
        if let session { return await attendeeLanguage(session) }
        return browserLanguage(request) ?? choice.nearest(choice.defaultLanguage)
    }

    /// The attendee's own language, as their messages are written.
    func attendeeLanguage(_ session: Session) async -> Language {
        let chosen = await session.phone.asyncMap { phone in try? await store?.chosenLanguage(of: phone) } ?? nil
        return choice.language(eventTag: session.language, chosen: chosen, phone: session.phone)
    }

    /// `?lang=pt-BR`, when there are texts for it.
    func asked(_ request: Request) -> Language? {
        request.uri.queryParameters.get("lang").flatMap(Language.init(tag:)).flatMap { choice.available.contains($0) ? $0 : nil }
    }

    /// The first language of `Accept-Language` (by weight) there are texts for, or its nearest of the same language.
    func browserLanguage(_ request: Request) -> Language? {
        guard let header = request.headers[.acceptLanguage] else { return nil }
        let ranked = header.split(separator: ",").prefix(20).compactMap { item -> (Language, Double)? in
            let parts = item.split(separator: ";")
            guard let tag = parts.first.flatMap({ Language(tag: String($0)) }) else { return nil }
            let weight = parts.dropFirst().first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("q=") }
                .flatMap { Double($0.trimmingCharacters(in: .whitespaces).dropFirst(2)) } ?? 1
            return (tag, weight)
        }
        for (tag, weight) in ranked.sorted(by: { $0.1 > $1.1 }) where weight > 0 {
            if choice.available.contains(tag) { return tag }
            if let same = choice.available.first(where: { $0.base == tag.base }) { return same }
        }
        return nil
    }

    /// The language choice at the foot of every attendee page: a link per language (it changes
    /// only how the page is shown), and, on a page about the attendee's own session shown in
    /// another language than theirs, a form to keep it for their messages (a `POST`). The links
    /// are relative (`?lang=de`): the page they are on, in that language.
    func chooser(shown: Language, save: (action: String, confirm: String, theirs: Language)?) -> [String: Any] {
        var values: [String: Any] = [
            "label": templates.text("page.language", in: shown),
            "options": choice.available.map { language -> [String: Any] in
                ["code": language.code, "name": templates.text("language.name", in: language),
                 "href": "?lang=\(language.code)", "current": language == shown]
            },
        ]
        if let save, save.theirs != shown {
            values["save"] = ["action": save.action, "confirm": save.confirm, "lang": shown.code,
                              "label": templates.text("page.language_save", ["language": templates.text("language.name", in: shown)], in: shown)]
        }
        return values
    }
}
