import Foundation

/// A failed call to Calendly's API, keeping what Calendly said so that logs and `check` can show it.
public enum CalendlyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Calendly answered with an error body, `{"title": "Unauthenticated", "message": "…"}`.
    case api(status: Int, title: String, message: String)
    /// No complete answer came back: no connection, a time-out, a dropped connection.
    case transport(String)
    /// None of the account's event types has this scheduling page.
    case eventTypeNotFound(String)
    /// An answer that is not what the API documents.
    case malformedResponse(String)

    /// Worth another try on a read: a rate limit, a server error, or no answer at all.
    public var isRetryable: Bool {
        switch self {
        case .api(let status, _, _): status == 429 || status >= 500
        case .transport: true
        case .eventTypeNotFound, .malformedResponse: false
        }
    }

    /// The token is wrong, revoked, or lacks a scope: nothing will work until the operator acts.
    public var isAuthenticationFailure: Bool {
        if case .api(let status, _, _) = self { status == 401 || status == 403 } else { false }
    }

    public var description: String {
        switch self {
        case .api(let status, let title, let message): "Calendly answered \(status) \(title): \(message)"
        case .transport(let message): "could not reach Calendly: \(message)"
        case .eventTypeNotFound(let page): "no Calendly event type has the scheduling page \(page)"
        case .malformedResponse(let message): "unexpected answer from Calendly: \(message)"
        }
    }
}

/// Calendly's error answer: `{"title", "message", "details": [{"parameter", "message"}]}`.
struct CalendlyErrorBody: Decodable {
    struct Detail: Decodable {
        let parameter: String?
        let message: String?
    }

    let title: String?
    let message: String?
    let details: [Detail]?

    /// The error for a non-`2xx` answer, with Calendly's title and message when the body has them;
    /// the details of a `400` name the parameters Calendly refused.
    static func error(status: Int, body: Data) -> CalendlyError {
        guard let parsed = try? JSONDecoder().decode(CalendlyErrorBody.self, from: body), parsed.title != nil || parsed.message != nil else {
            // Proxies in front of Calendly answer in HTML or plain text.
            let text = String(decoding: body.prefix(200), as: UTF8.self)
            return .api(status: status, title: "HTTP \(status)", message: text)
        }
        let details = (parsed.details ?? []).compactMap { detail in
            detail.message.map { message in detail.parameter.map { "\($0): \(message)" } ?? message }
        }
        let message = ([parsed.message ?? ""] + details).filter { !$0.isEmpty }.joined(separator: "; ")
        return .api(status: status, title: parsed.title ?? "HTTP \(status)", message: message)
    }
}
