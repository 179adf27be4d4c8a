import AsyncHTTPClient
import Foundation
import Hummingbird

/// What a browser does with the booking pages, over real HTTP, without following redirects so
/// that tests see the `303` and its `Location`.
enum Browser {
    struct Page {
        let status: Int
        let location: String?
        let html: String

        /// Every `<input name="…" value="…">` of the page, in order, with the text unescaped.
        var inputs: [(name: String, value: String)] {
            html.matches(of: #/<input [^>]*name="([^"]*)" value="([^"]*)"/#).map { (unescape(String($0.1)), unescape(String($0.2))) }
        }

        func input(_ name: String) -> String? { inputs.first { $0.name == name }?.value }
    }

    /// Never shut down: it lives as long as the test process, like `HTTPClient.shared`.
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    static func get(_ url: URL) async throws -> Page {
        try await send(HTTPClientRequest(url: url.absoluteString))
    }

    /// Posts `fields` the way a browser submits a form.
    static func submit(_ fields: [(String, String)], to url: URL) async throws -> Page {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: formText(fields)))
        return try await send(request)
    }

    /// The fields a browser would post for the page's form, choosing the first offered time.
    static func formFields(of page: Page) -> [(String, String)] {
        var chosenStart = false
        return page.inputs.compactMap { input in
            guard input.name == "start" else { return (input.name, input.value) }
            defer { chosenStart = true }
            return chosenStart ? nil : (input.name, input.value)
        }
    }

    private static func send(_ request: HTTPClientRequest) async throws -> Page {
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1024 * 1024)
        return Page(status: Int(response.status.code), location: response.headers.first(name: "Location"), html: String(decoding: body.readableBytesView, as: UTF8.self))
    }

    private static func formText(_ fields: [(String, String)]) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._*")
        return fields.map { name, value in
            [name, value].map { ($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0).replacingOccurrences(of: "%20", with: "+") }
                .joined(separator: "=")
        }.joined(separator: "&")
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}
