import ClientSupport
import Foundation
import Hummingbird
import Notifier

/// `POST /webhooks/twilio/inbound`: hands a signed message (or a quick-reply button tap) to the
/// `InboundConversation` and answers with its reply as TwiML, at once.
struct TwilioInboundController {
    let gate: TwilioWebhookGate
    let conversation: InboundConversation
    let now: @Sendable () -> Date

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.post("webhooks/twilio/inbound") { request, context -> Response in
            var request = request
            let fields = try await gate.admit(&request, context: context)
            guard let sid = fields["MessageSid"], let from = fields["From"],
                  let phone = PhoneNumber(e164: String(from.trimmingPrefix("whatsapp:")))
            else { throw HTTPError(.badRequest, message: "MessageSid and a whatsapp:+E164 From are required.") }
            let inbound = InboundConversation.Inbound(
                messageSID: sid, phone: phone, body: fields["Body"] ?? "", buttonPayload: fields["ButtonPayload"],
                repliedToSID: fields["OriginalRepliedMessageSid"])
            let (reply, action) = try await conversation.answer(inbound, at: now())
            context.logger.info("inbound message answered", metadata: ["from": "\(phone.masked)", "action": "\(action)"])
            return TwiML.reply(reply)
        }
        return router
    }
}

/// Twilio's reply format, `<Response><Message>…</Message></Response>`, XML-escaped, without the
/// characters XML 1.0 forbids.
enum TwiML {
    static func reply(_ text: String) -> Response {
        let xml = #"<?xml version="1.0" encoding="UTF-8"?><Response><Message>"# + escape(text) + "</Message></Response>"
        return Response(status: .ok, headers: [.contentType: "text/xml; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: xml)))
    }

    static func escape(_ text: String) -> String {
        HTMLEscape.text(text.removingXMLForbiddenCharacters)
    }
}
