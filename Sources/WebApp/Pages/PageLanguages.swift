import Foundation
import Hummingbird
import Notifier

/// The language a page is shown in (DESIGN.md §26): `?lang=` when the attendee followed a
/// language link (that page only), else the attendee's own language (the event's `#lang`, their
/// choice, their country, the default), else what the browser asks for, else `DEFAULT_LANGUAGE`.
struct PageLanguages: Sendable {
    let templates: MessageTemplates
    let choice: LanguageChoice
    let store: (any ServiceStore)?
    /// Reads a link's token, for the language of a page about a session that is gone or started.
    let codec: LinkTokenCodec?

    /// The language of a page about `session` (nil: a page that knows no attendee).
    /// `field`: the `lang` a page's form posted back (the language that page was shown in).
    func language(_ request: Request, session: Session? = nil, field: String? = nil) async -> Language {
        if let field = field.flatMap(offered) { return field }
        if let asked = asked(request) { return asked }
        if let session { return await attendeeLanguage(session) }
        return browserLanguage(request) ?? choice.nearest(choice.defaultLanguage)
    }

    /// The language of a page reached with `token` that cannot act (a session cancelled, started,
    /// replaced): still the attendee's own, when the token names a session the service knows.
    func language(_ request: Request, token: String) async -> Language {
        if let asked = asked(request) { return asked }
        if let link = try? codec?.read(token).link, let stored = try? await store?.session(calendarID: link.calendarID, eventID: link.eventID) {
            var session = stored
            if let attendee = link.attendee { session.attendees = [attendee] }
            if session.phone != nil { return await attendeeLanguage(session) }
        }
        return await language(request)
    }

    /// The attendee's own language, as their messages are written.
    func attendeeLanguage(_ session: Session) async -> Language {
        let chosen = await session.phone.asyncMap { phone in try? await store?.chosenLanguage(of: phone) } ?? nil
        return choice.language(eventTag: session.language, chosen: chosen, phone: session.phone)
    }

    /// `?lang=pt-BR`, or the nearest language with texts (`pt` → `pt-BR`, `de-AT` → `de`).
    func asked(_ request: Request) -> Language? {
        request.uri.queryParameters.get("lang").flatMap(offered)
    }

    /// The language with texts a `lang` value names, the nearest of the same language; nil for none.
    func offered(_ tag: String) -> Language? {
        guard let language = Language(tag: tag) else { return nil }
        if choice.available.contains(language) { return language }
        return choice.available.contains(language.base) ? language.base : choice.available.first { $0.base == language.base }
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
    /// are the page they are on (its path and query: the day and time picked stay) in that language.
    func chooser(shown: Language, request: Request, save: (action: String, confirm: String, theirs: Language)?) -> [String: Any] {
        let kept = (URLComponents(string: "?" + (request.uri.query ?? ""))?.queryItems ?? []).filter { $0.name != "lang" }
        var values: [String: Any] = [
            "label": templates.text("page.language", in: shown),
            "options": choice.available.map { language -> [String: Any] in
                var link = URLComponents()
                link.path = request.uri.path
                link.queryItems = kept + [URLQueryItem(name: "lang", value: language.code)]
                return ["code": language.code, "name": templates.text("language.name", in: language),
                        "href": link.string ?? "?lang=\(language.code)", "current": language == shown]
            },
        ]
        if let save, save.theirs != shown {
            values["save"] = ["action": save.action, "confirm": save.confirm, "lang": shown.code,
                              "label": templates.text("page.language_save", ["language": templates.text("language.name", in: shown)], in: shown)]
        }
        return values
    }
}
