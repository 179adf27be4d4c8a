/// A failed CalDAV request, with the server's own status.
public enum CalDAVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `401`: the user name or the app password was refused.
    case credentialsRefused(String)
    /// Another status than the request's success: `path`, `status`.
    case status(Int, method: String, path: String)
    /// The stored sync token is no longer valid (RFC 6578 `valid-sync-token` precondition).
    case syncTokenInvalid
    /// No answer, or not in time.
    case transport(String)
    /// An answer that is not what the RFCs describe.
    case invalidResponse(String)

    public var isRetryable: Bool {
        switch self {
        case .status(let status, _, _): status == 429 || status >= 500
        case .transport: true
        case .credentialsRefused, .syncTokenInvalid, .invalidResponse: false
        }
    }

    public var isGone: Bool {
        if case .status(let status, _, _) = self { status == 404 || status == 410 } else { false }
    }

    /// `412`: a conditional write found the resource changed (or, for a create, already there).
    public var isPreconditionFailed: Bool {
        if case .status(412, _, _) = self { true } else { false }
    }

    public var description: String {
        switch self {
        case .credentialsRefused(let server): "the CalDAV server \(server) refused the user name or app password (401)"
        case .status(let status, let method, let path): "the CalDAV server answered \(status) to \(method) \(path)"
        case .syncTokenInvalid: "the CalDAV server no longer accepts the stored sync token"
        case .transport(let message): "could not reach the CalDAV server: \(message)"
        case .invalidResponse(let message): "unexpected answer from the CalDAV server: \(message)"
        }
    }
}
