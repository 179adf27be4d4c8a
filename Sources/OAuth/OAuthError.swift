/// A failed call to a provider's token or revocation endpoint.
public enum OAuthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The provider answered with OAuth's error body (`{"error", "error_description"}`, RFC 6749 §5.2).
    case refused(provider: String, status: Int, error: String, description: String?)
    case timeout(provider: String)
    case transport(provider: String, String)
    case invalidResponse(provider: String, String)

    /// `invalid_grant`: the refresh token (or code) was revoked, expired or already used. Asking
    /// again changes nothing; only connecting the account again does.
    public var isGrantRevoked: Bool {
        if case .refused(_, _, "invalid_grant", _) = self { true } else { false }
    }

    /// Worth another try: no answer, or a server error.
    public var isRetryable: Bool {
        switch self {
        case .timeout, .transport: true
        case .refused(_, let status, _, _): status >= 500 || status == 429
        case .invalidResponse: false
        }
    }

    public var description: String {
        switch self {
        case .refused(let provider, let status, let error, let description):
            "\(provider) refused the grant (\(status) \(error))" + (description.map { ": \($0.firstLine)" } ?? "")
        case .timeout(let provider): "\(provider)'s sign-in did not answer in time"
        case .transport(let provider, let message): "could not reach \(provider)'s sign-in: \(message)"
        case .invalidResponse(let provider, let message): "unexpected answer from \(provider)'s sign-in: \(message)"
        }
    }
}

extension String {
    /// Microsoft's descriptions carry trace ids and timestamps on later lines; the first says it.
    var firstLine: String {
        String(split(whereSeparator: \.isNewline).first ?? "")
    }
}
