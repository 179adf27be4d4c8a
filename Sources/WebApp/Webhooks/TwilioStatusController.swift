import Foundation
import Hummingbird
import Notifier

/// `POST /webhooks/twilio/status`: records Twilio's delivery report and answers at once; the
/// calendar is updated in the background by the outbox courier (green on sent/delivered/read, red
/// with the reason on failed/undelivered). Reports only ever move a message forward.
struct TwilioStatusController {
    let gate: TwilioWebhookGate
    let store: AppDatabase
    let courierBell: Doorbell
    let now: @Sendable () -> Date

    func add(to router: Router<some RequestContext>) {
        router.post("webhooks/twilio/status") { request, context -> Response in
            var request = request
            let fields = try await gate.admit(&request, context: context)
            guard let sid = fields["MessageSid"], let status = fields["MessageStatus"] else {
                throw HTTPError(.badRequest, message: "MessageSid and MessageStatus are required.")
            }
            if let state = OutboxMessage.State(twilioStatus: status) {
                let reason = state == .failed || state == .undelivered
                    ? TwilioErrorText.reason(code: fields["ErrorCode"], message: fields["ErrorMessage"]) : nil
                if try await store.recordDeliveryReport(sid: sid, state: state, error: reason, at: now()) {
                    courierBell.ring()
                }
            }
            return Response(status: .noContent)
        }
    }
}

extension OutboxMessage.State {
    /// The states a status callback can report; Twilio's intermediate ones (`queued`, `sending`…) are not news.
    init?(twilioStatus: String) {
        switch twilioStatus {
        case "sent": self = .sent
        case "delivered": self = .delivered
        case "read": self = .read
        case "failed": self = .failed
        case "undelivered": self = .undelivered
        default: return nil
        }
    }
}
