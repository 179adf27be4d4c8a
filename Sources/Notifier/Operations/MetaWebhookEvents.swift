public import Foundation
import Logging
public import MetaCloud

/// What Meta posted to `/webhooks/whatsapp` (DESIGN.md §25), acted on: statuses feed the same
/// delivery rules as Twilio's callbacks (and settle an unclear send by the outbox id they carry);
/// messages and button taps go to the same conversation, whose reply is sent back through the
/// Cloud API (Meta's webhook, unlike Twilio's, cannot carry one). A delivery Meta retries (the same
/// message id) is answered once.
public struct MetaWebhookEvents: Sendable {
    let store: any ServiceStore
    let deliveryReports: DeliveryReports
    let conversation: InboundConversation
    let provider: MetaProvider
    let logger: Logger
    /// `SEND_RATE`, shared with the outbox: replies count against the sender's throughput too.
    let pacer: RatePacer?

    /// `pacedWith`: the dispatcher whose rate the replies share.
    package init(store: any ServiceStore, deliveryReports: DeliveryReports, conversation: InboundConversation, provider: MetaProvider,
                logger: Logger, pacedWith dispatcher: OutboxDispatcher? = nil) {
        pacer = dispatcher?.pacer
        self.store = store
        self.deliveryReports = deliveryReports
        self.conversation = conversation
        self.provider = provider
        self.logger = logger
    }

    /// The number whose changes are ours.
    public var phoneNumberID: String { provider.phoneNumberID }

    public func handle(_ webhook: MetaWebhook, at now: Date) async throws {
        // Each item on its own: one that cannot be applied is logged and the others go on (a `500`
        // would make Meta post the whole batch again, for days).
        for status in webhook.statuses {
            do {
                if let outboxID = MetaProvider.outboxID(status.callbackData), let recipient = status.recipient,
                   try await store.adoptSentMessage(outboxID: outboxID, sid: status.id, recipient: recipient, at: now) {
                    logger.info("whatsapp message found by its status before its send's answer", metadata: ["outbox_id": "\(outboxID)", "message_id": "\(LoggedMessageID.shown(status.id))"])
                }
                try await deliveryReports.recordMeta(wamid: status.id, status: status.status, errorCode: status.errorCode, errorText: status.errorText, at: now)
            } catch {
                logger.error("whatsapp status not applied", metadata: ["message_id": "\(LoggedMessageID.shown(status.id))", "error": "\(type(of: error))"])
            }
        }
        for message in webhook.messages {
            // A reaction, a photo, a sticker: nothing to answer (a 👍 on a reminder is no request for the list).
            guard ["text", "button", "interactive"].contains(message.type), let phone = PhoneNumber(e164: WhatsAppID.e164(message.from)) else { continue }
            let inbound = InboundConversation.Inbound(messageSID: message.id, phone: phone, body: message.text,
                                                      buttonPayload: message.buttonPayload, repliedToSID: message.repliedTo)
            let reply: String, action: String
            do {
                (reply, action) = try await conversation.answer(inbound, at: now)
            } catch {
                logger.error("inbound message not answered", metadata: ["from": "\(phone.masked)", "error": "\(type(of: error))"])
                continue
            }
            logger.info("inbound message answered", metadata: ["from": "\(phone.masked)", "action": "\(action)"])
            guard action != "repeated", !reply.isEmpty else { continue }
            // Sent after the webhook is answered: Meta wants its answer fast, and redelivers otherwise.
            let (provider, logger, pacer) = (provider, logger, pacer)
            Task {
                do throws(SendFailure) {
                    try? await pacer?.waitForSlot()
                    _ = try await provider.reply(reply, to: phone.e164)
                } catch {
                    logger.warning("reply not sent", metadata: ["to": "\(phone.masked)", "error": "\(error.logText)"])
                }
            }
        }
    }
}
