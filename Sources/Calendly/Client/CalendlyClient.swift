public import ClientSupport
public import AsyncHTTPClient
public import Foundation
public import Logging

/// The Calendly API calls this service makes: find the event type behind the host's scheduling
/// page and create a single-use scheduling link for it, so that a reschedule link can be used
/// once. Every method throws `CalendlyError` only; the signatures say plain `throws` because
/// `catch let error as …` over a typed throw crashes swiftc 6.3's SILGen.
public struct CalendlyClient: Sendable, CustomStringConvertible {
    /// Four tries within a few seconds: an attendee is waiting for the reschedule page.
    public static let readRetry = CallRetryPolicy(attempts: 4, baseDelay: .milliseconds(250), maxDelay: .seconds(4))

    /// Calendly's production endpoint; the emulator serves the same paths elsewhere.
    public static let productionURL = URL(string: "https://api.calendly.com")!
    /// Calendly's ceiling for `count`; fewer pages means fewer calls.
    static let maxPageSize = 100
    /// An event-type page is a few hundred kilobytes at most.
    static let maxBodyBytes = 4 * 1024 * 1024

    public let baseURL: URL
    /// The `Authorization` header; it prints redacted.
    let authorization: Secret
    let exchange: APIExchange
    let retry: CallRetryPolicy
    let directory = EventTypeDirectory()
    let logger: Logger

    /// A client authenticated with a personal access token (or an OAuth access token).
    public init(
        apiToken: String, baseURL: URL = CalendlyClient.productionURL, httpClient: HTTPClient,
        retry: CallRetryPolicy = CalendlyClient.readRetry, requestTimeout: Duration = .seconds(10), logger: Logger
    ) {
        self.baseURL = baseURL
        self.authorization = Secret("Bearer " + apiToken)
        self.exchange = APIExchange(api: "calendly", httpClient: httpClient, timeout: requestTimeout, maxBodyBytes: Self.maxBodyBytes)
        self.retry = retry
        self.logger = logger
    }

    public var description: String { "CalendlyClient(base: \(baseURL.absoluteString))" }

    /// The account the token belongs to; a `401` here means the token is wrong or revoked.
    public func currentUser() async throws -> CalendlyUser {
        try decode(ResourceEnvelope<CalendlyUser>.self, from: await read(url("/users/me"))).resource
    }

    /// Every event type of `userURI`, following `pagination.next_page` to the end.
    public func eventTypes(ofUser userURI: String) async throws -> [CalendlyEventType] {
        var pageURL = url("/event_types", query: [("user", userURI), ("count", "\(Self.maxPageSize)")])
        var visited: Set<String> = [pageURL]
        var eventTypes: [CalendlyEventType] = []
        while true {
            let page = try decode(CollectionPage<CalendlyEventType>.self, from: await read(pageURL))
            eventTypes += page.collection
            guard let next = page.pagination?.nextPage, !next.isEmpty else { return eventTypes }
            // The bearer token goes with every page, so it must not follow a link off the API's host.
            guard sharesOrigin(next) else { throw CalendlyError.malformedResponse("next_page leaves \(baseURL.host ?? "the API"): \(next)") }
            guard visited.insert(next).inserted else { throw CalendlyError.malformedResponse("Calendly repeated the page \(next)") }
            pageURL = next
        }
    }

    func url(_ path: String, query: [(String, String)] = []) -> String {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + path + (query.isEmpty ? "" : "?" + QueryText.encode(query))
    }

    /// A `GET`, retried on rate limits, server errors and failed connections, since reading
    /// twice changes nothing; returns the body of its `2xx` answer.
    func read(_ url: String) async throws(CalendlyError) -> Data {
        try await retry.run("Calendly GET", logger: logger, retryingWhen: \.isRetryable) { () async throws(CalendlyFailure) -> Data in
            let answer: APIExchange.Answer
            do throws(CalendlyError) {
                answer = try await send(url: url, method: "GET")
            } catch {
                throw CalendlyFailure(error)
            }
            guard answer.isSuccess else {
                // Calendly says when its limit resets in `X-RateLimit-Reset` when it sends no `Retry-After`.
                let wait = answer.retryAfter(orElse: answer.status == 429 ? "X-RateLimit-Reset" : nil)
                throw CalendlyFailure(CalendlyErrorBody.error(status: answer.status, body: answer.body), retryAfter: wait)
            }
            return answer.body
        }
    }

    /// One request with the token and, for a `json` body, its content type; failures are `.transport`.
    func send(url: String, method: String, json: Data? = nil) async throws(CalendlyError) -> APIExchange.Answer {
        var headers = [("Authorization", authorization.value), ("Accept", "application/json")]
        if json != nil { headers.append(("Content-Type", "application/json")) }
        do throws(APIExchange.Failure) {
            return try await exchange.send(url: url, method: method, headers: headers, body: json)
        } catch {
            throw .transport(error.message)
        }
    }

    func decode<Value: Decodable>(_ type: Value.Type, from body: Data) throws(CalendlyError) -> Value {
        try JSONAnswer.decode(type, from: body, or: CalendlyError.malformedResponse)
    }

    private func sharesOrigin(_ link: String) -> Bool {
        guard let url = URL(string: link) else { return false }
        return url.scheme?.lowercased() == baseURL.scheme?.lowercased() && url.host?.lowercased() == baseURL.host?.lowercased()
            && url.port == baseURL.port
    }
}
