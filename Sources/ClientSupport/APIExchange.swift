public import AsyncHTTPClient
public import Foundation
import Metrics
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
            // Whole seconds as HTTP says, or decimals as Graph has sent ("2.128").
            guard let text = value, let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds >= 0, seconds < 86_400 else { return nil }
            let milliseconds = Int64((seconds * 1_000).rounded(.up))
            return .milliseconds(milliseconds)
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
    /// Which API, for the latency histogram `gcal_whatsapp_api_call_duration_seconds{api, outcome}`.
    let api: String

    /// An exchange over `httpClient`; each request and its answer must complete within `timeout`.
    public init(api: String, httpClient: HTTPClient, timeout: Duration, maxBodyBytes: Int) {
        self.api = api
        self.httpClient = httpClient
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
    }

    /// `send`, its failures in an API's own terms: a time-out as `timedOut`, anything else
    /// through `transport` (the Google and Microsoft clients each have their error type).
    public func send<APIError: Error>(url: String, method: String, headers: [(String, String)], body: Data?,
                                      timedOut: APIError, transport: (String) -> APIError) async throws(APIError) -> Answer {
        do throws(Failure) {
            return try await send(url: url, method: method, headers: headers, body: body)
        } catch .timedOut {
            throw timedOut
        } catch {
            throw transport(error.message)
        }
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
        let started = ContinuousClock.now
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(timeout))
            let collected = try await response.body.collect(upTo: maxBodyBytes)
            record(since: started, outcome: "\(response.status.code / 100)xx")
            return Answer(status: Int(response.status.code), body: Data(collected.readableBytesView), headers: response.headers)
        } catch {
            record(since: started, outcome: "no_answer")
            let message = String(describing: error)
            if watched?.wasRead == false { throw .notSent(message) }
            if let error = error as? HTTPClientError, Self.timeouts.contains(error) { throw .timedOut(message) }
            throw .noAnswer(message)
        }
    }

    /// How long the call took, by API and outcome (`2xx`, `4xx`, `5xx`, `no_answer`).
    private func record(since started: ContinuousClock.Instant, outcome: String) {
        let took = ContinuousClock.now - started
        Timer(label: "gcal_whatsapp_api_call_duration_seconds", dimensions: [("api", api), ("outcome", outcome)],
              preferredDisplayUnit: .seconds)
            .recordNanoseconds(took.components.seconds * 1_000_000_000 + took.components.attoseconds / 1_000_000_000)
    }

    private static let timeouts: [HTTPClientError] = [
        .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
    ]
}
