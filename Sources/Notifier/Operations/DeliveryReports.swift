public import Foundation
import Logging

/// Twilio reported on a message (DESIGN.md workflow 7). The report is recorded and applied when
/// it moves the message forward (a late `sent` never undoes `delivered`, `read` or a failure; a
/// report that overtakes Twilio's own `201` is kept until it applies), and the write-back is rung
/// to colour the event: green on sent/delivered/read, red with the reason on failed/undelivered.
public struct DeliveryReports: Sendable {
    let store: any ServiceStore
    let bells: ServiceBells
    let logger: Logger

    package init(store: any ServiceStore, bells: ServiceBells, logger: Logger) {
        self.store = store
        self.bells = bells
        self.logger = logger
    }

    /// Records Twilio's `status` for message `sid`, with its `ErrorCode` and `ErrorMessage`.
    public func record(sid: String, status: String, errorCode: String?, errorMessage: String?, at now: Date) async throws {
        guard let state = OutboxMessage.State(twilioStatus: status) else { return }
        let reason = state.outcome == .failed ? TwilioErrorText.reason(code: errorCode, message: errorMessage) : nil
        try await record(sid: sid, state: state, status: status, reason: reason, errorCode: errorCode, at: now)
    }

    /// Records Meta's status (`sent`, `delivered`, `read`, `failed`) for message `wamid`, with
    /// its error's code and text (DESIGN.md §25).
    public func recordMeta(wamid: String, status: String, errorCode: Int?, errorText: String?, at now: Date) async throws {
        guard let state = OutboxMessage.State(twilioStatus: status) else { return }
        let reason = state.outcome == .failed
            ? "\(errorText.flatMap { $0.isEmpty ? nil : $0 } ?? "Meta did not deliver it") (Meta error \(errorCode.map(String.init) ?? "unknown"))" : nil
        try await record(sid: wamid, state: state, status: status, reason: reason, errorCode: errorCode.map(String.init), at: now)
    }

    private func record(sid: String, state: OutboxMessage.State, status: String, reason: String?, errorCode: String?, at now: Date) async throws {
        let effect = try await store.deliveryReport(sid: sid, state: state, error: reason, at: now)
        guard effect != .noNews else { return }
        // The line is written before the write-back is woken: an operator (or a test) who sees the
        // event turn red finds its line in the log already, even if the service stops at once.
        defer { if effect == .applied { bells.writeBack.ring() } }
        // Logged once, when the message reaches the state or, if the report overtook the send's
        // answer, when it is kept (that answer applies it, and says nothing of it): Twilio
        // repeats and reorders its reports. A report on no message of the outbox (a reply's) is
        // kept too, and its failure logged: the reply did not reach the attendee.
        // The code only: Twilio's own text may quote the number.
        // Written out in each call: metadata is built only when the level is logged.
        if state.outcome == .failed {
            logger.warning("whatsapp message not delivered",
                           metadata: ["message_id": "\(LoggedMessageID.shown(sid))", "status": "\(status)", "error_code": "\(errorCode ?? "none")"])
        } else {
            logger.debug("whatsapp delivery report",
                         metadata: ["message_id": "\(LoggedMessageID.shown(sid))", "status": "\(status)", "error_code": "\(errorCode ?? "none")"])
        }
    }
}
