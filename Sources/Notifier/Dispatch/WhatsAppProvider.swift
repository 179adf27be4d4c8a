import Foundation

/// Who carries the WhatsApp messages (DESIGN.md §25): Twilio or Meta's Cloud API. The dispatcher
/// speaks only this; each provider says what became of a send in the same terms, so the outbox's
/// exactly-once rules (DESIGN.md §11) hold whichever carries it.
public protocol WhatsAppProvider: Sendable {
    /// "Twilio", "Meta": for logs and reasons.
    var name: String { get }

    /// Sends one outbox message (text or approved template, as drafted); returns the provider's id
    /// for it (Twilio's `SM…`, Meta's `wamid.…`).
    func send(_ message: OutboxMessage) async throws(SendFailure) -> String

    /// After an unclear send: whether the message went. `marker` is a text only this message
    /// carries (its cancel link), when it has one.
    func findSent(_ message: OutboxMessage, marker: String?) async -> SendReconciliation

    /// Whether a reminder inside the 24-hour window may carry reply buttons of its own (Meta's
    /// `interactive`); Twilio's buttons come only with an approved template.
    var sendsReplyButtons: Bool { get }
}

extension WhatsAppProvider {
    public var sendsReplyButtons: Bool { false }
}

/// What became of an unclear send.
public enum SendReconciliation: Sendable {
    /// It went, with this id.
    case found(id: String)
    /// It did not: it may be sent again.
    case notFound
    /// Not known yet (Meta: no status has come, and the wait is not over): ask again later.
    case notYetKnown
    /// The provider could not be asked.
    case unreachable(SendFailure)
}

/// A send that did not clearly succeed, sorted by what the dispatcher does next.
public struct SendFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Refused for good (an invalid number, a template problem, the 24-hour rule).
        case final
        /// Not sent (a rate limit, no connection): try again later.
        case retryLater
        /// It may have gone: find out before sending again.
        case unknownOutcome
        /// The account's credentials are refused: nothing goes until the operator acts.
        case credentials
    }

    public var kind: Kind
    /// The provider's own words, short enough for a calendar event.
    public var reason: String
    /// For logs: no number, no text.
    public var logText: String

    public init(_ kind: Kind, reason: String, logText: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.logText = logText ?? reason
    }

    public var isFinal: Bool { kind == .final }
    public var isUnknownOutcome: Bool { kind == .unknownOutcome }
    public var isCredentialProblem: Bool { kind == .credentials }
    public var description: String { reason }
}

/// How long one send call may go on. Its retries (rate limits, with the wait the provider asks
/// for) start no new try after `lastTryStart`, and the whole call, answers read to their end and
/// Meta's one second request (a template refused for its language) included, is cut off at
/// `whole` (its outcome then unknown: looked for at the provider before any resend). A begun
/// send's lease among several workers (two minutes, `OutboxClaims`) is longer, so no worker takes
/// over a send still under way.
public enum SendCallLimit {
    public static let lastTryStart: Duration = .seconds(40)
    public static let whole: Duration = .seconds(75)

    /// `send`'s answer, or an unknown outcome once `limit` has passed (the call is cancelled,
    /// which closes its connection).
    static func within(_ limit: Duration = whole, _ send: @escaping @Sendable () async throws(SendFailure) -> String) async throws(SendFailure) -> String {
        let outcome = await withTaskGroup(of: Result<String, SendFailure>?.self) { group in
            group.addTask {
                do throws(SendFailure) { return .success(try await send()) } catch { return .failure(error) }
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        switch outcome {
        case .success(let id): return id
        case .failure(let error): throw error
        case nil: throw SendFailure(.unknownOutcome, reason: "no answer from the provider within \(limit.components.seconds) s")
        }
    }
}
