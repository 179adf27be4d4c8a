import Foundation
import Hummingbird
import Notifier

/// `POST /webhooks/twilio/status`: hands Twilio's signed report to `DeliveryReports` and answers
/// at once; the calendar is updated in the background by the write-back.
struct TwilioStatusController {
    let gate: TwilioWebhookGate
    let deliveryReports: DeliveryReports
    let now: @Sendable () -> Date

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.post("webhooks/twilio/status") { request, context -> Response in
            var request = request
            let fields = try await gate.admit(&request, context: context)
            guard let sid = fields["MessageSid"], let status = fields["MessageStatus"] else {
                throw HTTPError(.badRequest, message: "MessageSid and MessageStatus are required.")
            }
            try await deliveryReports.record(sid: sid, status: status, errorCode: fields["ErrorCode"],
                                             errorMessage: fields["ErrorMessage"], at: now())
            return Response(status: .noContent)
        }
        return router
    }
}
