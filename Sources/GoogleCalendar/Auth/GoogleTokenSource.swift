public import OAuth

/// Where a Calendar client gets its access tokens: a service account's signed assertion, or a
/// connected account's refresh token.
public protocol GoogleTokenSource: Sendable {
    func token() async throws(GoogleAPIError) -> String
    /// Forgets `token` after Google refused it (`401`), so the next call fetches another.
    func invalidate(_ token: String) async
}

/// A connected Google account's tokens (DESIGN.md §24): the grant's refusals in Google's terms,
/// so that a revoked grant reads as `accountRefused` (the calendar is then disconnected).
public struct ConnectedGoogleAccount: GoogleTokenSource {
    public let grant: RefreshingGrant

    public init(grant: RefreshingGrant) {
        self.grant = grant
    }

    public func token() async throws(GoogleAPIError) -> String {
        do throws(OAuthError) {
            return try await grant.token()
        } catch {
            switch error {
            case .refused(_, let status, let code, let description): throw .accountRefused(status: status, error: code, description: description)
            case .timeout: throw .timeout
            case .transport(_, let message): throw .transport(message)
            case .invalidResponse(_, let message): throw .invalidResponse(message)
            }
        }
    }

    public func invalidate(_ token: String) async {
        await grant.invalidate(token)
    }
}
