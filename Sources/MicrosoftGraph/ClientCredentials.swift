public import AsyncHTTPClient
public import ClientSupport
public import Foundation
import OAuth

/// Where a Graph client gets its access tokens: the app's own (client credentials, for an
/// organisation's mailboxes) or, later, a connected account's.
public protocol GraphTokenSource: Sendable {
    func token() async throws(GraphError) -> String
    /// Forgets `token` after Graph refused it (`401`), so the next call fetches another.
    func invalidate(_ token: String) async
}

/// The app's access tokens from Microsoft's identity platform (`grant_type=client_credentials`,
/// scope `https://graph.microsoft.com/.default`), cached and renewed five minutes before expiry;
/// callers arriving during a renewal share it.
public actor ClientCredentials: GraphTokenSource {
    static let refreshMargin: TimeInterval = 5 * 60

    let tokenURL: URL
    let clientID: String
    let clientSecret: Secret
    let exchange: APIExchange
    let now: @Sendable () -> Date
    private var current: (value: String, expiresAt: Date)?
    private var renewal: Task<Result<(String, Date), GraphError>, Never>?

    /// `loginURL` is `https://login.microsoftonline.com` (or an emulator's, or a sovereign cloud's).
    public init(loginURL: URL, tenant: String, clientID: String, clientSecret: Secret, httpClient: HTTPClient,
                requestTimeout: Duration = .seconds(30), now: @escaping @Sendable () -> Date = Date.init) {
        tokenURL = loginURL.appendingPathComponent(tenant).appendingPathComponent("oauth2/v2.0/token")
        self.clientID = clientID
        self.clientSecret = clientSecret
        exchange = APIExchange(api: "microsoft_token", httpClient: httpClient, timeout: requestTimeout, maxBodyBytes: 64 * 1024)
        self.now = now
    }

    public func token() async throws(GraphError) -> String {
        if let current, now() < current.expiresAt.addingTimeInterval(-Self.refreshMargin) { return current.value }
        let task = renewal ?? startRenewal()
        renewal = task
        let result = await task.value
        if renewal == task { renewal = nil }
        let (value, expiresAt) = try result.get()
        current = (value, expiresAt)
        return value
    }

    public func invalidate(_ token: String) {
        if current?.value == token { current = nil }
    }

    private func startRenewal() -> Task<Result<(String, Date), GraphError>, Never> {
        let form = [("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", clientSecret.value),
                    ("scope", "https://graph.microsoft.com/.default")]
        let (exchange, url, now) = (exchange, tokenURL, now)
        return Task {
            do throws(GraphError) {
                let answer = try await exchange.microsoft(url: url.absoluteString, method: "POST",
                                                          headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                          body: Data(FormEncoding.encode(form).utf8))
                return .success(try TokenAnswer.read(answer, now: now()))
            } catch {
                return .failure(error)
            }
        }
    }
}

/// The identity platform's token answer: `access_token`, `expires_in`, maybe `refresh_token`.
public struct TokenAnswer: Sendable {
    public var accessToken: String
    public var expiresAt: Date
    public var refreshToken: String?

    static func read(_ answer: APIExchange.Answer, now: Date) throws(GraphError) -> (String, Date) {
        let token = try decode(answer, now: now)
        return (token.accessToken, token.expiresAt)
    }

    public static func decode(_ answer: APIExchange.Answer, now: Date) throws(GraphError) -> TokenAnswer {
        guard answer.isSuccess else { throw GraphError.from(status: answer.status, body: answer.body) }
        guard let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any],
              let token = object["access_token"] as? String else { throw .invalidResponse("token answer without access_token") }
        let seconds = (object["expires_in"] as? Int) ?? Int(object["expires_in"] as? String ?? "") ?? 3_600
        return TokenAnswer(accessToken: token, expiresAt: now.addingTimeInterval(TimeInterval(seconds)),
                           refreshToken: object["refresh_token"] as? String)
    }
}

extension APIExchange {
    /// A Microsoft request, its failures as `GraphError`.
    func microsoft(url: String, method: String, headers: [(String, String)], body: Data?) async throws(GraphError) -> Answer {
        try await send(url: url, method: method, headers: headers, body: body, timedOut: GraphError.timeout, transport: GraphError.transport)
    }
}
