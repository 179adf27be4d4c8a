/// A failed call to Meta's WhatsApp Cloud API, sorted by what the caller may do next
/// (DESIGN.md §25): try again later, settle an unclear send by its status webhook, or give up.
public enum MetaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Meta answered with its error body (`{"error": {"message", "type", "code", "error_subcode", "error_data": {"details"}}}`).
    case api(status: Int, code: Int, message: String, details: String?)
    /// A send went out and no clear answer came back: the message may exist.
    case unknownOutcome(String)
    /// No connection reached Meta: nothing was sent.
    case transport(String)
    /// An answer that is not what the API documents.
    case malformedResponse(String)

    /// Throughput (`130429`), the pair rate limit (`131056`), the app's call limits (`4`, `80007`)
    /// and `429`: Meta did nothing with the request; later it may.
    public var isRateLimited: Bool {
        guard case .api(let status, let code, _, _) = self else { return false }
        // 131048: the spam rate limit; 131000 answered 4xx: "something went wrong", not the message's fault.
        return status == 429 || [4, 80007, 130429, 131048, 131056].contains(code) || (code == 131000 && status < 500)
    }

    /// The access token is refused (`190`) or lacks a permission (`10`, `200`): the account, not
    /// the message, is at fault, and nothing goes until the operator acts.
    public var isCredentialProblem: Bool {
        guard case .api(let status, let code, _, _) = self else { return false }
        // The token (190), a permission (10, 200-299), an app or account blocked or not set up: a
        // policy block (368), a locked account (131031), payment (131042), the number not registered
        // or not verified (133010, 131045), access denied (131005, 3). Every message would fail alike.
        return [3, 10, 190, 368, 131005, 131031, 131042, 131045, 133010].contains(code) || (200...299).contains(code) || status == 401
    }

    /// The 24-hour rule (`131047`): free text to someone who has not written in 24 hours.
    public var isOutsideWindow: Bool {
        if case .api(_, 131047, _, _) = self { true } else { false }
    }

    public var isUnknownOutcome: Bool {
        if case .unknownOutcome = self { true } else { false }
    }

    /// Meta refused this message for good: an undeliverable number (`131026`), a template
    /// problem (`132xxx`), the 24-hour rule, anything else it answered that is not a limit.
    public var isFinal: Bool {
        switch self {
        case .api: !isRateLimited && !isCredentialProblem
        case .malformedResponse: true
        case .unknownOutcome, .transport: false
        }
    }

    /// Meta's own words, short enough for a calendar event.
    public var reason: String {
        switch self {
        case .api(let status, let code, let message, let details):
            let text = details.map { $0.isEmpty || $0 == message ? message : "\(message): \($0)" } ?? message
            return "\(text) (Meta error \(code)\(status >= 500 ? ", HTTP \(status)" : ""))"
                + (isCredentialProblem ? ": the account, not this message: check META_ACCESS_TOKEN and its permissions (a system user's token with whatsapp_business_messaging), and the WhatsApp account's state in WhatsApp Manager" : "")
        case .unknownOutcome(let message): return "no clear answer from Meta: \(message)"
        case .transport(let message): return "could not reach Meta: \(message)"
        case .malformedResponse(let message): return "unexpected answer from Meta: \(message)"
        }
    }

    public var description: String { reason }

    /// For logs: the codes only (Meta's details may quote the number).
    public var logText: String {
        if case .api(let status, let code, _, _) = self { return "HTTP \(status), Meta error \(code)" }
        return reason
    }
}
