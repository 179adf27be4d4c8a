import Foundation
import Hummingbird
import Mustache
import Notifier

/// The pages attendees see (Mustache, HTML-escaped), from `TEMPLATES_DIR/pages/` or built in.
/// Pages are small, readable on a phone, never cached, and carry no personal data in `<meta>`.
struct PageTemplates: Sendable {
    enum Name: String, CaseIterable {
        case header, footer, notice, cancel, slots, host
        case hostLogin = "host-login"
        case hostConnect = "host-connect"
    }

    let library: MustacheLibrary
    /// `BUSINESS_NAME`, at the top of every page (`{{business}}`).
    var business: String?
    /// The attendee pages' texts in each language (`texts.txt`, `{{t.…}}` in the templates).
    var texts: MessageTemplates = .builtIn
    var languages = PageLanguages(templates: .builtIn, choice: LanguageChoice(), store: nil, codec: nil)

    static func load(directory: String?, business: String? = nil, text: NoticeText? = nil, store: (any ServiceStore)? = nil,
                     codec: LinkTokenCodec? = nil) throws(MessageTemplatesError) -> PageTemplates {
        let library = try TemplateLibrary.load(
            directory: directory, folder: "pages", names: Name.allCases.map(\.rawValue),
            builtIn: { DefaultPageTemplates.text(of: Name(rawValue: $0)!) })
        // Given at once: the defaults would load every shipped language's texts a second time
        // (`MessageTemplates.builtIn`), a third of start-up.
        guard let text else { return PageTemplates(library: library, business: business) }
        return PageTemplates(library: library, business: business, texts: text.templates,
                             languages: PageLanguages(templates: text.templates, choice: text.languages, store: store, codec: codec))
    }



    /// A page of `name` rendered with `values`, answered with `status`. `Referrer-Policy:
    /// same-origin` keeps a page's link token from reaching any other site, while a browser still
    /// sends the page's form posts with their `Origin` (under `no-referrer` it sends `Origin: null`,
    /// which the cancel form refuses as it must).
    func page(_ name: Name, status: HTTPResponse.Status = .ok, language: Language? = nil, _ values: [String: Any]) -> Response {
        var values = values
        if let language { values["lang"] = language.code }
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .init("X-Content-Type-Options")!: "nosniff", .init("Referrer-Policy")!: "same-origin",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html(name, values))))
    }

    /// The page's HTML; every value is HTML-escaped, and characters XML forbids are left out.
    func html(_ name: Name, _ values: [String: Any]) -> String {
        var values = values
        values["business"] = values["business"] ?? business
        // The page's texts (`{{{t.…}}}`), already HTML-escaped (quotes may stay: they are never in
        // an attribute), in the page's language or the default one.
        let language = (values["lang"] as? String).flatMap(Language.init(tag:)) ?? languages.choice.nearest(languages.choice.defaultLanguage)
        values["lang"] = language.code
        if values["titled"] == nil, let summary = values["summary"] as? String { values["titled"] = !summary.isEmpty }
        values["t"] = texts.pageTexts(values, in: language)
        return (library.render(values, withTemplate: name.rawValue) ?? "").removingXMLForbiddenCharacters
    }

    /// A page with a heading and a few sentences: results and friendly errors.
    func notice(_ status: HTTPResponse.Status = .ok, title: String, heading: String, _ paragraphs: String...) -> Response {
        page(.notice, status: status, ["title": title, "heading": heading, "paragraphs": paragraphs])
    }

    /// The same for an attendee, in `language`: each of `title`, `heading` and `paragraphs` is a
    /// key of `texts.txt`, filled in with `values`; `extra` goes to the template as it is.
    /// A `GET` page (`request`) offers its languages; the answer to a `POST` does not (its links
    /// would fetch another page).
    func notice(_ status: HTTPResponse.Status = .ok, _ language: Language, title: String, heading: String, _ paragraphs: [String],
                values: [String: Any] = [:], extra: [String: Any] = [:], request: Request? = nil) -> Response {
        func text(_ key: String) -> String { texts.text(key, values, in: language) }
        var all = extra
        // Every attendee page offers its languages; a page about their own session, to keep one.
        if all["chooser"] == nil, let request, request.method == .get {
            all["chooser"] = languages.chooser(shown: language, request: request, save: nil)
        }
        all["title"] = text(title)
        all["heading"] = text(heading)
        all["paragraphs"] = paragraphs.map(text)
        return page(.notice, status: status, language: language, all)
    }
}
