import Foundation
import Hummingbird
import Notifier

/// `POST /webhooks/twilio/inbound`: whatever an attendee writes, the reply lists their sessions in
/// the next 30 days across the watched calendars. Twilio retries a webhook it thinks failed; the
/// same `MessageSid` gets the same answer without the work being redone.
struct TwilioInboundController {
    let gate: TwilioWebhookGate
    let store: AppDatabase
    let text: NoticeText
    let now: @Sendable () -> Date

    func add(to router: Router<some RequestContext>) {
        router.post("webhooks/twilio/inbound") { request, context -> Response in
            var request = request
            let fields = try await gate.admit(&request, context: context)
            guard let sid = fields["MessageSid"], let from = fields["From"],
                  let phone = PhoneNumber(e164: String(from.trimmingPrefix("whatsapp:")))
            else { throw HTTPError(.badRequest, message: "MessageSid and a whatsapp:+E164 From are required.") }
            if let earlier = try await store.inboundReply(messageSID: sid) { return TwiML.reply(earlier) }
            let now = now()
            let sessions = try await store.sessions(of: phone.e164, startingBetween: now, and: now.addingTimeInterval(30 * 86_400))
            let reply = text.sessionList(sessions.map { ($0.start, $0.timeZone, $0.summary) })
            context.logger.info("inbound message answered", metadata: ["from": "\(phone.masked)", "sessions": "\(sessions.count)"])
            return TwiML.reply(try await store.saveInboundReply(messageSID: sid, phone: phone.e164, reply: reply, at: now))
        }
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
        text.removingXMLForbiddenCharacters.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&apos;")
    }
}
