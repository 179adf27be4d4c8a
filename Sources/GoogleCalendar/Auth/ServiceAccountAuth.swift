public import AsyncHTTPClient
import ClientSupport
public import Foundation

/// Access tokens for a service account: fetched with a signed JWT, cached, and renewed a few
/// minutes before they run out; callers arriving during a renewal share it.
public actor ServiceAccountAuth: GoogleTokenSource {
    /// How long before expiry a token is renewed, so a request never leaves with a dying one.
    public static let refreshMargin: TimeInterval = 5 * 60

    private let key: ServiceAccountKey
    private let exchange: APIExchange
    private let now: @Sendable () -> Date
    private var current: AccessToken?
    private var renewal: Task<Result<AccessToken, GoogleAPIError>, Never>?

    /// `now` is injectable so that tests can move time past a token's expiry.
    public init(
        key: ServiceAccountKey, httpClient: HTTPClient, requestTimeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.key = key
        self.exchange = APIExchange(api: "google_token", httpClient: httpClient, timeout: requestTimeout, maxBodyBytes: 64 * 1024)
        self.now = now
    }

    /// A token valid for at least `refreshMargin`, from the cache when possible; throws `GoogleAPIError`.
    public func accessToken() async throws -> String {
        try await token()
    }

    public func token() async throws(GoogleAPIError) -> String {
        if let current, now() < current.expiresAt.addingTimeInterval(-Self.refreshMargin) {
            return current.value
        }
        let task = renewal ?? startRenewal()
        let result = await task.value
        if renewal == task { renewal = nil }
        let token = try result.get()
        current = token
        return token.value
    }

    /// Forgets a token Google has stopped accepting, so that the next call fetches a new one.
    public func invalidate(_ token: String) {
        if current?.value == token { current = nil }
    }

    private func startRenewal() -> Task<Result<AccessToken, GoogleAPIError>, Never> {
        let request = TokenRequest(key: key, exchange: exchange, issuedAt: now())
        let task = Task { await request.perform() }
        renewal = task
        return task
    }
}

/// A token and the moment it stops working.
struct AccessToken: Sendable {
    let value: String
    let expiresAt: Date
}

/// One grant request to the key's `token_uri`.
private struct TokenRequest: Sendable {
    let key: ServiceAccountKey
    let exchange: APIExchange
    let issuedAt: Date

    func perform() async -> Result<AccessToken, GoogleAPIError> {
        do throws(GoogleAPIError) {
            let assertion = try ServiceAccountAssertion(key: key, issuedAt: issuedAt).signed()
            let form = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=\(assertion)"
            let answer = try await exchange.google(
                url: key.tokenURI.absoluteString, method: "POST",
                headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(form.utf8))
            return .success(try TokenAnswer.accessToken(status: answer.status, body: answer.body, issuedAt: issuedAt))
        } catch {
            return .failure(error)
        }
    }
}
