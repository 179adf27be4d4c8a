public import OAuth

/// A connected Microsoft account's tokens (delegated permissions, DESIGN.md §24): the grant's
/// refusals in Graph's terms, so that a revoked grant reads as `tokenRefused` (the calendar is
/// then disconnected).
public struct ConnectedGraphAccount: GraphTokenSource {
    public let grant: RefreshingGrant

    public init(grant: RefreshingGrant) {
        self.grant = grant
    }

    public func token() async throws(GraphError) -> String {
        do throws(OAuthError) {
            return try await grant.token()
        } catch {
            switch error {
            case .refused(_, let status, let code, let description): throw .tokenRefused(status: status, error: code, description: description ?? "")
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
