public import AsyncHTTPClient
public import Foundation
import NIOCore
public import NIOHTTP1

/// One request to an outside API (Google, Twilio, Calendly) and its whole answer, within a time
/// limit. A failure says whether the request can have reached the API: a send whose outcome is
/// unknown must be reconciled, one that never left can simply be tried again.
public struct APIExchange: Sendable {
    /// A whole answer, whatever its status.
    public struct Answer: Sendable {
        public let status: Int
        public let body: Data
        public let headers: HTTPHeaders

        public var isSuccess: Bool { (200..<300).contains(status) }

        /// The wait the API asked for with `Retry-After` (in seconds), or with `fallbackHeader`.
        public func retryAfter(orElse fallbackHeader: String? = nil) -> Duration? {
            let value = headers.first(name: "Retry-After") ?? fallbackHeader.flatMap { headers.first(name: $0) }
            return value.flatMap(Int.init).map { .seconds($0) }
        }
    }

    public enum Failure: Error, Sendable {
        /// No connection carried the request: the API cannot have acted on it.
        case notSent(String)
        /// The time limit passed after the request may have gone out.
        case timedOut(String)
        /// The request went out (or may have) and no complete answer came back.
        case noAnswer(String)

        public var message: String {
            switch self {
            case .notSent(let message), .timedOut(let message), .noAnswer(let message): message
            }
        }
    }

    let httpClient: HTTPClient
    let timeout: Duration
    let maxBodyBytes: Int

    /// An exchange over `httpClient`; each request and its answer must complete within `timeout`.
    public init(httpClient: HTTPClient, timeout: Duration, maxBodyBytes: Int) {
        self.httpClient = httpClient
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
    }

    /// Sends one request with `headers` and an already encoded `body`.
    public func send(url: String, method: String, headers: [(String, String)], body: Data? = nil) async throws(Failure) -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        for (name, value) in headers {
            request.headers.add(name: name, value: value)
        }
        let watched = body.map { WatchedBody(bytes: Array($0)) }
        if let watched {
            request.body = .bytes(watched, length: .known(Int64(watched.bytes.count)))
        }
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(timeout))
            let collected = try await response.body.collect(upTo: maxBodyBytes)
            return Answer(status: Int(response.status.code), body: Data(collected.readableBytesView), headers: response.headers)
        } catch {
            let message = String(describing: error)
            if watched?.wasRead == false { throw .notSent(message) }
            if let error = error as? HTTPClientError, Self.timeouts.contains(error) { throw .timedOut(message) }
            throw .noAnswer(message)
        }
    }

    private static let timeouts: [HTTPClientError] = [
        .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
    ]
}
