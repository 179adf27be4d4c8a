public import ClientSupport
public import AsyncHTTPClient
public import Foundation
public import Logging

/// The Calendar v3 calls this service makes, authenticated as a service account or a connected
/// account (DESIGN.md §24), each with a
/// time limit and retried with backoff on rate limits, server errors and timeouts.
/// Every method throws `GoogleAPIError` only; the signatures say plain `throws` because
/// `catch let error as GoogleAPIError` over a typed throw crashes swiftc 6.3's SILGen.
public struct GoogleCalendarClient: Sendable {
    /// Google's production endpoint; the emulators serve the same paths elsewhere.
    public static let productionURL = URL(string: "https://www.googleapis.com/calendar/v3")!

    /// Large enough for a page of 2,500 events.
    static let maxBodyBytes = 32 * 1024 * 1024

    public let baseURL: URL
    let auth: any GoogleTokenSource
    let exchange: APIExchange
    let retry: CallRetryPolicy
    let logger: Logger

    /// A client that signs in with `key` at the key's `token_uri`.
    public init(
        key: ServiceAccountKey, baseURL: URL, httpClient: HTTPClient, retry: CallRetryPolicy = .standard,
        requestTimeout: Duration = .seconds(30), logger: Logger
    ) {
        let auth = ServiceAccountAuth(key: key, httpClient: httpClient, requestTimeout: requestTimeout)
        self.init(auth: auth, baseURL: baseURL, httpClient: httpClient, retry: retry, requestTimeout: requestTimeout, logger: logger)
    }

    /// A client sharing an existing token cache (several calendars, a test's clock, or a
    /// connected account's grant).
    public init(
        auth: any GoogleTokenSource, baseURL: URL, httpClient: HTTPClient, retry: CallRetryPolicy = .standard,
        requestTimeout: Duration = .seconds(30), logger: Logger
    ) {
        self.auth = auth
        self.baseURL = baseURL
        self.exchange = APIExchange(api: "google", httpClient: httpClient, timeout: requestTimeout, maxBodyBytes: Self.maxBodyBytes)
        self.retry = retry
        self.logger = logger
    }

    /// A current access token, fetching one if needed (what `check` uses to prove the key works).
    public func accessToken() async throws -> String {
        try await retry.run("Google token", logger: logger, retryingWhen: \.isRetryable) { () async throws(GoogleFailure) -> String in
            do throws(GoogleAPIError) {
                return try await auth.token()
            } catch {
                throw GoogleFailure(error)
            }
        }
    }

    /// Sends one API call, with retries, and returns the body of its `2xx` answer.
    func call(
        _ method: String, _ path: String, query: [(String, String)] = [], body: Data? = nil,
        headers: [(String, String)] = []
    ) async throws(GoogleAPIError) -> Data {
        var url = baseURL.absoluteString.trimmingSuffix("/") + path
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\($0.1.urlComponentEncoded)" }.joined(separator: "&")
        }
        var headers = headers
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return try await retry.run("Google \(method) \(path)", logger: logger, retryingWhen: \.isRetryable) { () async throws(GoogleFailure) -> Data in
            try await attempt(method, url: url, headers: headers, body: body)
        }
    }

    /// One try; a `401` gets one more go with a fresh token, since Google may revoke tokens early.
    private func attempt(_ method: String, url: String, headers: [(String, String)], body: Data?) async throws(GoogleFailure) -> Data {
        let answer: APIExchange.Answer
        do throws(GoogleAPIError) {
            let token = try await auth.token()
            let first = try await exchange.google(url: url, method: method, headers: headers + [("Authorization", "Bearer \(token)")], body: body)
            if first.status == 401 {
                await auth.invalidate(token)
                let renewed = try await auth.token()
                answer = try await exchange.google(url: url, method: method, headers: headers + [("Authorization", "Bearer \(renewed)")], body: body)
            } else {
                answer = first
            }
        } catch {
            throw GoogleFailure(error)
        }
        guard (200..<300).contains(answer.status) else {
            throw GoogleFailure(GoogleErrorBody.error(status: answer.status, body: answer.body), retryAfter: answer.retryAfter())
        }
        return answer.body
    }
}

extension APIExchange {
    /// A Google request, its failures as `GoogleAPIError`: a time-out is Google's `timeout`.
    func google(url: String, method: String, headers: [(String, String)], body: Data?) async throws(GoogleAPIError) -> Answer {
        try await send(url: url, method: method, headers: headers, body: body, timedOut: GoogleAPIError.timeout, transport: GoogleAPIError.transport)
    }
}
