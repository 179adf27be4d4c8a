import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Plain HTTP requests as a phone's browser or a webhook sender makes them, redirects not followed.
public struct Browser {
    public struct Page: Sendable {
        public let status: Int
        public let headers: HTTPHeaders
        public let body: String

        public var location: String? { headers.first(name: "Location") }

        /// Every `<input name="…" value="…">` of the page, in order, with the text unescaped.
        public var inputs: [(name: String, value: String)] {
            body.matches(of: #/<input [^>]*name="([^"]*)" value="([^"]*)"/#).map { (unescape(String($0.1)), unescape(String($0.2))) }
        }

        public func input(_ name: String) -> String? { inputs.first { $0.name == name }?.value }

        /// The fields a browser would post for the page's form, choosing the first offered time.
        public var formFields: [(String, String)] {
            var chosenStart = false
            return inputs.compactMap { input in
                guard input.name == "start" else { return (input.name, input.value) }
                defer { chosenStart = true }
                return chosenStart ? nil : (input.name, input.value)
            }
        }

        private func unescape(_ text: String) -> String {
            text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    public static let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                   configuration: .init(redirectConfiguration: .disallow))

    public static func get(_ url: URL, headers: [(String, String)] = []) async throws -> Page {
        try await get(url.absoluteString, headers: headers)
    }

    /// Posts `fields` the way a browser submits a form.
    public static func submit(_ fields: [(String, String)], to url: URL, headers: [(String, String)] = []) async throws -> Page {
        try await post(url.absoluteString, form: fields, headers: headers)
    }

    public static func get(_ url: String, headers: [(String, String)] = [], through client: HTTPClient = client) async throws -> Page {
        try await send(url, method: .GET, headers: headers, body: nil, through: client)
    }

    public static func post(_ url: String, form: [(String, String)], headers: [(String, String)] = [],
                            through client: HTTPClient = client) async throws -> Page {
        let body = form.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
        return try await post(url, body: body, headers: headers, through: client)
    }

    public static func post(_ url: String, body: String, headers: [(String, String)] = [],
                            through client: HTTPClient = client) async throws -> Page {
        try await send(url, method: .POST, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers, body: body,
                       through: client)
    }

    /// A `PUT` of `body` (a CalDAV app saving an event).
    public static func put(_ url: String, body: String, headers: [(String, String)] = [], through client: HTTPClient = client) async throws -> Page {
        try await send(url, method: .PUT, headers: headers, body: body, through: client)
    }

    private static func send(_ url: String, method: HTTPMethod, headers: [(String, String)], body: String?,
                             through client: HTTPClient) async throws -> Page {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Page(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    }

    static func encode(_ text: String) -> String {
        // ASCII only: `CharacterSet.alphanumerics` would let non-ASCII letters through unencoded.
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
