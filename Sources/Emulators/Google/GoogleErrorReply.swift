public import Hummingbird

/// An error answer in Google's shape, `{"error": {"errors": [{"domain", "reason", "message"}], "code", "message"}}`.
public struct GoogleErrorReply: Error, Equatable, CustomStringConvertible {
    /// The HTTP status, also Google's `error.code`.
    public let code: Int
    public let reason: String
    public let message: String
    var retryAfterSeconds: Int?

    public init(status code: Int, reason: String, message: String) {
        self.code = code
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(code) \(reason): \(message)" }

    static func notFound() -> Self { Self(status: 404, reason: "notFound", message: "Not Found") }
    static func deleted() -> Self { Self(status: 410, reason: "deleted", message: "Resource has been deleted") }
    static func badRequest(_ message: String, reason: String = "invalid") -> Self {
        Self(status: 400, reason: reason, message: message)
    }
    static func fullSyncRequired() -> Self {
        Self(status: 410, reason: "fullSyncRequired", message: "Sync token is no longer valid, a full sync is required.")
    }
    static func duplicate() -> Self { Self(status: 409, reason: "duplicate", message: "The requested identifier already exists.") }
    static func conditionNotMet() -> Self { Self(status: 412, reason: "conditionNotMet", message: "Precondition Failed") }
    static func unauthenticated() -> Self {
        Self(status: 401, reason: "authError", message: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.")
    }
    static func rateLimited(status: Int) -> Self {
        var reply = Self(status: status, reason: "rateLimitExceeded", message: "Rate Limit Exceeded")
        reply.retryAfterSeconds = status == 429 ? 1 : nil
        return reply
    }
    static func backendError() -> Self { Self(status: 500, reason: "backendError", message: "Backend Error") }

    private var domain: String {
        reason == "rateLimitExceeded" ? "usageLimits" : "global"
    }
}

extension GoogleErrorReply: HTTPResponseError {
    public var status: HTTPResponse.Status { .init(code: code) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [String: Any] = [
            "error": [
                "errors": [["domain": domain, "reason": reason, "message": message]],
                "code": code,
                "message": message,
            ] as [String: Any],
        ]
        var response = JSONReply.response(status: code, object: body)
        if let retryAfterSeconds { response.headers[.retryAfter] = "\(retryAfterSeconds)" }
        return response
    }
}
