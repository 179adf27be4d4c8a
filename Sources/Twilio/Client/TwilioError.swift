import Foundation

/// A failed call to Twilio, sorted by what the caller may do next: try again, reconcile, or give up.
public enum TwilioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Twilio answered with an error body (`{"code", "message", "more_info", "status"}`).
    case api(status: Int, code: Int?, message: String, moreInfo: String?)
    /// A send went out and no clear answer came back (a `5xx`, a time-out, a dropped connection):
    /// the message may exist, so look for it before sending again.
    case unknownOutcome(String)
    /// No connection reached Twilio, so nothing was sent; trying again is safe.
    case transport(String)
    /// An answer that is not what the API documents.
    case malformedResponse(String)

    /// Twilio's "Too Many Requests" code, which it may also put in other statuses.
    public static let tooManyRequestsCode = 20429

    /// A rate limit (`429` or code `20429`): Twilio did not process the request.
    public var isRateLimited: Bool {
        if case .api(let status, let code, _, _) = self { status == 429 || code == Self.tooManyRequestsCode } else { false }
    }

    /// Worth another try, as nothing was done: a rate limit or a connection never made; on
    /// reads also a server error (sends turn those into `unknownOutcome`).
    public var isRetryable: Bool {
        switch self {
        case .api(let status, _, _, _): isRateLimited || status >= 500
        case .transport: true
        case .unknownOutcome, .malformedResponse: false
        }
    }

    /// The message may or may not exist; reconcile before sending it again.
    public var isUnknownOutcome: Bool {
        if case .unknownOutcome = self { true } else { false }
    }

    /// Twilio does not accept the account's credentials (`401`, code `20003`): nothing was sent,
    /// and nothing will be until the operator fixes them. Not the message's fault: it waits.
    public var isCredentialProblem: Bool {
        if case .api(let status, let code, _, _) = self { status == 401 || code == 20003 } else { false }
    }

    /// What the operator should do about a credential problem.
    static let credentialHint = "check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (Twilio Console → Account info)"

    /// Twilio refused this message for good (an invalid number, outside the 24-hour window…).
    public var isFinal: Bool {
        switch self {
        case .api: !isRetryable && !isCredentialProblem
        case .malformedResponse: true
        case .unknownOutcome, .transport: false
        }
    }

    /// Twilio's own words, short enough to write into a calendar event.
    public var reason: String {
        switch self {
        case .api(let status, let code, let message, _):
            "\(message) (\(code.map { "Twilio error \($0)" } ?? "HTTP \(status)"))" + (isCredentialProblem ? ": \(Self.credentialHint)" : "")
        case .unknownOutcome(let message): "no clear answer from Twilio: \(message)"
        case .transport(let message): "could not reach Twilio: \(message)"
        case .malformedResponse(let message): "unexpected answer from Twilio: \(message)"
        }
    }

    public var description: String {
        switch self {
        case .api(let status, let code, let message, _):
            "Twilio answered \(status)\(code.map { " (code \($0))" } ?? ""): \(message)" + (isCredentialProblem ? "; \(Self.credentialHint)" : "")
        default: reason
        }
    }

    /// For logs: Twilio's messages may quote the phone number, so `.api` errors show only their codes.
    public var logText: String {
        switch self {
        case .api(let status, let code, _, _):
            "HTTP \(status)\(code.map { ", Twilio error \($0)" } ?? "")" + (isCredentialProblem ? ": \(Self.credentialHint)" : "")
        default: description
        }
    }
}

/// Twilio's error answer, `{"code": 21211, "message": "…", "more_info": "https://…", "status": 400}`.
struct TwilioErrorBody: Decodable {
    let code: Int?
    let message: String?
    let moreInfo: String?

    enum CodingKeys: String, CodingKey {
        case code, message
        case moreInfo = "more_info"
    }

    /// The error for a non-`2xx` answer, keeping Twilio's code and message when the body has them.
    static func error(status: Int, body: Data) -> TwilioError {
        guard let parsed = try? JSONDecoder().decode(TwilioErrorBody.self, from: body) else {
            // Proxies in front of Twilio answer in HTML or plain text.
            let text = String(decoding: body.prefix(200), as: UTF8.self)
            return .api(status: status, code: nil, message: text.isEmpty ? "HTTP \(status)" : text, moreInfo: nil)
        }
        return .api(status: status, code: parsed.code, message: parsed.message ?? "HTTP \(status)", moreInfo: parsed.moreInfo)
    }
}
