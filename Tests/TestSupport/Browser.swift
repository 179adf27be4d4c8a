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
    }

    static let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                   configuration: .init(redirectConfiguration: .disallow))

    public static func get(_ url: String, headers: [(String, String)] = []) async throws -> Page {
        try await send(url, method: .GET, headers: headers, body: nil)
    }

    public static func post(_ url: String, form: [(String, String)], headers: [(String, String)] = []) async throws -> Page {
        let body = form.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
        return try await post(url, body: body, headers: headers)
    }

    public static func post(_ url: String, body: String, headers: [(String, String)] = []) async throws -> Page {
        try await send(url, method: .POST, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers, body: body)
    }

    private static func send(_ url: String, method: HTTPMethod, headers: [(String, String)], body: String?) async throws -> Page {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Page(status: Int(response.status.code), headers: response.headers, body: String(buffer: bytes))
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
