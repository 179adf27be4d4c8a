public import AsyncHTTPClient
public import ClientSupport
public import Foundation

/// What the token endpoint hands out: an access token until `expiresAt`, and on the first
/// exchange (and at every refresh, with Microsoft) a refresh token.
public struct OAuthGrant: Sendable {
    public var accessToken: String
    public var expiresAt: Date
    public var refreshToken: String?
    public var scope: String?
}

/// The provider's token and revocation endpoints (RFC 6749 §4.1.3 and §6, RFC 7009), each call
/// within a time limit; no retries here: the caller knows whether one is safe.
public struct OAuthTokenEndpoint: Sendable {
    public let provider: OAuthProvider
    let exchange: APIExchange
    let now: @Sendable () -> Date

    public init(provider: OAuthProvider, httpClient: HTTPClient, requestTimeout: Duration = .seconds(30),
                now: @escaping @Sendable () -> Date = Date.init) {
        self.provider = provider
        exchange = APIExchange(api: "\(provider.name.lowercased())_oauth", httpClient: httpClient, timeout: requestTimeout, maxBodyBytes: 64 * 1024)
        self.now = now
    }

    /// Trades the code the consent page sent back, with the verifier only this side knows.
    public func redeem(code: String, redirectURI: String, pkce: PKCE) async throws(OAuthError) -> OAuthGrant {
        try await grant([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
                         ("code_verifier", pkce.verifier)])
    }

    /// A new access token for a refresh token (Microsoft also sends a new refresh token: keep it).
    public func refresh(_ refreshToken: Secret) async throws(OAuthError) -> OAuthGrant {
        var fields = [("grant_type", "refresh_token"), ("refresh_token", refreshToken.value)]
        if provider.scopesOnRefresh { fields.append(("scope", provider.scopes.joined(separator: " "))) }
        return try await grant(fields)
    }

    /// Revokes the grant behind `token` where the provider can (Google); a token the provider no
    /// longer knows counts as revoked. Returns false where there is nothing to call (Microsoft).
    @discardableResult
    public func revoke(_ token: Secret) async throws(OAuthError) -> Bool {
        guard let url = provider.revocationURL else { return false }
        let answer = try await send(url, [("token", token.value)])
        if answer.isSuccess { return true }
        let refusal = Self.refusal(answer, provider: provider.name)
        // RFC 7009 §2.2: an invalid token is no error for revocation; Google says `invalid_token`.
        if case .refused(_, 400, "invalid_token", _) = refusal { return true }
        throw refusal
    }

    private func grant(_ fields: [(String, String)]) async throws(OAuthError) -> OAuthGrant {
        var fields = fields + [("client_id", provider.clientID)]
        if let secret = provider.clientSecret { fields.append(("client_secret", secret.value)) }
        let asked = now()
        let answer = try await send(provider.tokenURL, fields)
        guard answer.isSuccess else { throw Self.refusal(answer, provider: provider.name) }
        guard let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any],
              let accessToken = object["access_token"] as? String, !accessToken.isEmpty
        else { throw .invalidResponse(provider: provider.name, "a token answer without access_token") }
        let seconds = (object["expires_in"] as? Int) ?? Int(object["expires_in"] as? String ?? "") ?? 3_600
        return OAuthGrant(accessToken: accessToken, expiresAt: asked.addingTimeInterval(TimeInterval(seconds)),
                          refreshToken: (object["refresh_token"] as? String).flatMap { $0.isEmpty ? nil : $0 },
                          scope: object["scope"] as? String)
    }

    private func send(_ url: URL, _ fields: [(String, String)]) async throws(OAuthError) -> APIExchange.Answer {
        let name = provider.name
        return try await exchange.send(url: url.absoluteString, method: "POST",
                                       headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
                                       body: Data(FormEncoding.encode(fields).utf8),
                                       timedOut: OAuthError.timeout(provider: name), transport: { OAuthError.transport(provider: name, $0) })
    }

    static func refusal(_ answer: APIExchange.Answer, provider: String) -> OAuthError {
        let object = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any]
        let error = object?["error"] as? String ?? "http_\(answer.status)"
        return .refused(provider: provider, status: answer.status, error: error, description: object?["error_description"] as? String)
    }
}
