public import ClientSupport
public import Foundation

/// A connected account's access tokens: refreshed with the stored refresh token five minutes
/// before they run out, one refresh at a time however many calls wait for it. A refresh token the
/// provider rotates (Microsoft) is handed to `keep` to be stored before it is used again.
public actor RefreshingGrant {
    static let refreshMargin: TimeInterval = 5 * 60

    let endpoint: OAuthTokenEndpoint
    private var refreshToken: Secret
    private let keep: @Sendable (Secret) async -> Void
    private let now: @Sendable () -> Date
    private var current: (value: String, expiresAt: Date)?
    private var renewal: Task<Result<OAuthGrant, OAuthError>, Never>?
    /// Once the provider says the grant is revoked, it stays so: asking again would only be
    /// refused again, on every call, until the host connects the account anew.
    private var revoked: OAuthError?

    /// `first`, when given, is the access token the code exchange just brought.
    public init(endpoint: OAuthTokenEndpoint, refreshToken: Secret, first: OAuthGrant? = nil,
                keep: @escaping @Sendable (Secret) async -> Void = { _ in }, now: @escaping @Sendable () -> Date = Date.init) {
        self.endpoint = endpoint
        self.refreshToken = refreshToken
        self.keep = keep
        self.now = now
        current = first.map { ($0.accessToken, $0.expiresAt) }
    }

    /// An access token good for at least five more minutes.
    public func token() async throws(OAuthError) -> String {
        if let revoked { throw revoked }
        if let current, now() < current.expiresAt.addingTimeInterval(-Self.refreshMargin) { return current.value }
        let task = renewal ?? startRenewal()
        renewal = task
        let result = await task.value
        if renewal == task { renewal = nil }
        switch result {
        case .success(let grant):
            current = (grant.accessToken, grant.expiresAt)
            return grant.accessToken
        case .failure(let error):
            if error.isGrantRevoked { revoked = error }
            throw error
        }
    }

    /// Forgets an access token the API refused, so that the next call refreshes.
    public func invalidate(_ token: String) {
        if current?.value == token { current = nil }
    }

    private func startRenewal() -> Task<Result<OAuthGrant, OAuthError>, Never> {
        let (endpoint, refreshToken) = (endpoint, refreshToken)
        return Task {
            do throws(OAuthError) {
                let grant = try await endpoint.refresh(refreshToken)
                if let rotated = grant.refreshToken, rotated != refreshToken.value { await self.rotate(to: Secret(rotated)) }
                return .success(grant)
            } catch {
                return .failure(error)
            }
        }
    }

    private func rotate(to token: Secret) async {
        refreshToken = token
        await keep(token)
    }
}
