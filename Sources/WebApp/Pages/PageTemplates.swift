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

    static func load(directory: String?, business: String? = nil) throws(MessageTemplatesError) -> PageTemplates {
        let library = try TemplateLibrary.load(
            directory: directory, folder: "pages", names: Name.allCases.map(\.rawValue),
            builtIn: { DefaultPageTemplates.text(of: Name(rawValue: $0)!) })
        return PageTemplates(library: library, business: business)
    }

    /// A page of `name` rendered with `values`, answered with `status`. `Referrer-Policy:
    /// same-origin` keeps a page's link token from reaching any other site, while a browser still
    /// sends the page's form posts with their `Origin` (under `no-referrer` it sends `Origin: null`,
    /// which the cancel form refuses as it must).
    func page(_ name: Name, status: HTTPResponse.Status = .ok, _ values: [String: Any]) -> Response {
        Response(
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
        return (library.render(values, withTemplate: name.rawValue) ?? "").removingXMLForbiddenCharacters
    }

    /// A page with a heading and a few sentences: results and friendly errors.
    func notice(_ status: HTTPResponse.Status = .ok, title: String, heading: String, _ paragraphs: String...) -> Response {
        page(.notice, status: status, ["title": title, "heading": heading, "paragraphs": paragraphs])
    }
}
