/// A failed call to Google, keeping Google's own status, reason and message.
public enum GoogleAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Google answered with an error body (`{"error": {"code", "message", "errors": [{"reason"}]}}`).
    case api(status: Int, reason: String?, message: String)
    /// The token endpoint refused the service account's grant (`{"error", "error_description"}`).
    case tokenRefused(status: Int, error: String, description: String?)
    /// The token endpoint refused a connected account's refresh token (`invalid_grant`: revoked,
    /// expired, or the password changed).
    case accountRefused(status: Int, error: String, description: String?)
    /// No answer in time.
    case timeout
    /// The connection failed before an answer arrived.
    case transport(String)
    /// An answer that is not what the API documents.
    case invalidResponse(String)

    /// Rate limits, server errors and timeouts are worth another try; other `4xx` are final.
    public var isRetryable: Bool {
        switch self {
        case .api(let status, let reason, _):
            status == 429 || status >= 500
                || (status == 403 && ["rateLimitExceeded", "userRateLimitExceeded"].contains(reason ?? ""))
        case .timeout, .transport: true
        case .tokenRefused(let status, _, _), .accountRefused(let status, _, _): status >= 500
        case .invalidResponse: false
        }
    }

    /// `410 Gone` on an incremental listing: the sync token is no longer valid.
    public var isFullSyncRequired: Bool {
        if case .api(410, _, _) = self { true } else { false }
    }

    /// `404` or `410` on an event: it is gone (counts as done for a delete).
    public var isGone: Bool {
        if case .api(let status, _, _) = self { status == 404 || status == 410 } else { false }
    }

    /// `412` on a write with `If-Match`: the event changed since it was read.
    public var isPreconditionFailed: Bool {
        if case .api(412, _, _) = self { true } else { false }
    }

    public var description: String {
        switch self {
        case .api(let status, let reason, let message): "Google answered \(status)\(reason.map { " \($0)" } ?? ""): \(message)"
        case .tokenRefused(let status, let error, let description): "Google refused the service account (\(status) \(error))\(description.map { ": \($0)" } ?? "")"
        case .accountRefused(let status, let error, let description): "Google refused the connected account's grant (\(status) \(error))\(description.map { ": \($0)" } ?? "")"
        case .timeout: "Google did not answer in time"
        case .transport(let message): "could not reach Google: \(message)"
        case .invalidResponse(let message): "unexpected answer from Google: \(message)"
        }
    }
}
