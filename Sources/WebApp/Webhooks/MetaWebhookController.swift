import Foundation
import Hummingbird
import MetaCloud
import Notifier

/// `/webhooks/whatsapp` (DESIGN.md §25): `GET` answers Meta's verification with `hub.challenge`
/// when `hub.verify_token` matches; `POST` needs `X-Hub-Signature-256` over the raw body with the
/// app secret (else `403`, nothing done) and hands the statuses and messages to `MetaWebhookEvents`.
struct MetaWebhookController {
    let events: MetaWebhookEvents
    let appSecret: String
    let verifyToken: String
    let signatures: RefusedSignatures
    let now: @Sendable () -> Date

    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.get("webhooks/whatsapp") { request, _ -> Response in
            let query = request.uri.queryParameters
            guard query.get("hub.mode") == "subscribe", let given = query.get("hub.verify_token"),
                  PushNotifications.sameToken(given, verifyToken), let challenge = query.get("hub.challenge")
            else { return Response(status: .forbidden) }
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: challenge)))
        }
        router.post("webhooks/whatsapp") { request, context -> Response in
            var request = request
            let body = Data(try await request.collectBody(upTo: 4 * 1024 * 1024).readableBytesView)
            guard MetaWebhook.isSigned(body, header: request.headers[.init("X-Hub-Signature-256")!], appSecret: appSecret) else {
                context.logger.warning("whatsapp webhook refused: bad signature")
                signatures.refused(at: now())
                return Response(status: .forbidden)
            }
            signatures.accepted(at: now())
            guard let webhook = MetaWebhook(json: body, for: events.phoneNumberID) else { throw HTTPError(.badRequest, message: "Not a WhatsApp webhook.") }
            try await events.handle(webhook, at: now())
            return Response(status: .ok)
        }
        return router
    }
}
