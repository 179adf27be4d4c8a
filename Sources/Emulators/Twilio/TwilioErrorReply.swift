import Hummingbird

/// An error answer in Twilio's shape, `{"code", "message", "more_info", "status"}`.
struct TwilioErrorReply: Error, Equatable {
    let httpStatus: Int
    let code: Int
    let message: String
    var retryAfterSeconds: Int?

    init(httpStatus: Int = 400, code: Int, message: String) {
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
    }

    static func unauthenticated() -> Self { Self(httpStatus: 401, code: 20003, message: "Authenticate") }
    static func notFound(_ path: String) -> Self {
        Self(httpStatus: 404, code: 20404, message: "The requested resource \(path) was not found")
    }
    static func tooManyRequests() -> Self {
        var reply = Self(httpStatus: 429, code: 20429, message: "Too Many Requests")
        reply.retryAfterSeconds = 1
        return reply
    }
    static func serverError() -> Self { Self(httpStatus: 500, code: 20500, message: "Internal Server Error") }
    static func outsideSessionWindow() -> Self {
        Self(code: 63016, message: "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.")
    }
}

extension TwilioErrorReply: HTTPResponseError {
    var status: HTTPResponse.Status { .init(code: httpStatus) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [String: Any] = [
            "code": code, "message": message, "more_info": "https://www.twilio.com/docs/errors/\(code)", "status": httpStatus,
        ]
        var response = JSONReply.response(status: httpStatus, object: body)
        if let retryAfterSeconds { response.headers[.retryAfter] = "\(retryAfterSeconds)" }
        if httpStatus == 401 { response.headers[.wwwAuthenticate] = "Basic realm=\"Twilio API\"" }
        return response
    }
}
