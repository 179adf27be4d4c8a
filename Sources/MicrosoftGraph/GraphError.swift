import Foundation

/// What Microsoft Graph or Microsoft's identity platform answered, or why no answer came.
/// Graph's error body is `{"error": {"code": "…", "message": "…"}}`; the identity platform's is
/// `{"error": "invalid_client", "error_description": "AADSTS7000215: …"}`.
public enum GraphError: Error, Sendable, Equatable, CustomStringConvertible {
    case api(status: Int, code: String, message: String)
    /// The token endpoint refused the app or the grant (`invalid_client`, `invalid_grant`…).
    case tokenRefused(status: Int, error: String, description: String)
    case transport(String)
    case timeout
    case invalidResponse(String)

    public var description: String {
        switch self {
        case .api(let status, let code, let message): "Microsoft Graph answered \(status) \(code): \(message)"
        case .tokenRefused(let status, let error, let description):
            "Microsoft refused the sign-in (\(status) \(error)): \(description.split(separator: "\r\n").first.map(String.init) ?? description)"
        case .transport(let message): "could not reach Microsoft: \(message)"
        case .timeout: "Microsoft did not answer in time"
        case .invalidResponse(let message): "Microsoft's answer could not be read: \(message)"
        }
    }

    /// Throttled (`429`), a server error, or no answer: worth asking again.
    public var isRetryable: Bool {
        switch self {
        case .api(let status, _, _): status == 429 || status >= 500
        case .transport, .timeout: true
        case .tokenRefused(let status, _, _): status >= 500
        case .invalidResponse: false
        }
    }

    public var status: Int? {
        switch self {
        case .api(let status, _, _), .tokenRefused(let status, _, _): status
        default: nil
        }
    }

    /// A delta link Graph no longer knows (`410`, `syncStateNotFound`, `resyncRequired`…).
    public var isDeltaExpired: Bool {
        guard case .api(let status, let code, _) = self else { return false }
        return status == 410 || code.lowercased().contains("syncstate") || code.lowercased().contains("resync")
    }

    public var isNotFound: Bool { status == 404 || (status == 410 && !isDeltaExpired) }
    public var isPreconditionFailed: Bool { status == 412 }

    /// The grant or the app credentials stopped working: a person must act.
    public var isAccessRefused: Bool {
        switch self {
        case .tokenRefused(let status, _, _): status < 500
        case .api(let status, _, _): status == 401 || status == 403
        default: false
        }
    }

    /// Reads an error answer of either shape.
    static func from(status: Int, body: Data) -> GraphError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        if let error = object?["error"] as? [String: Any] {
            return .api(status: status, code: error["code"] as? String ?? "unknown", message: error["message"] as? String ?? "")
        }
        if let error = object?["error"] as? String {
            return .tokenRefused(status: status, error: error, description: object?["error_description"] as? String ?? "")
        }
        return .api(status: status, code: "unknown", message: String(decoding: body.prefix(200), as: UTF8.self))
    }
}
