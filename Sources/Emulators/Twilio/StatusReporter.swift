import Foundation

/// Turns what happens to an accepted message into signed status callbacks, shaped like
/// Twilio's (`MessageStatus`, `MessageSid`, `ErrorCode`…), and hands them to the courier.
struct StatusReporter: Sendable {
    let accountSID: String
    let authToken: String
    let ledger: MessageLedger
    let courier: WebhookCourier

    /// Posts, in the background, the callbacks of the outcome set for the message's number.
    func report(_ message: EmulatedMessage) async {
        guard let url = message.statusCallback else { return }
        var statuses = await ledger.outcome(for: message.to).statuses
        let delivery = await ledger.callbackDelivery
        if delivery.contains(.outOfOrder) { statuses.reverse() }
        if delivery.contains(.twice) { statuses = statuses.flatMap { [$0, $0] } }
        courier.deliver(statuses.map { step in
            (callback(message, to: url, status: step.status, errorCode: step.errorCode, errorMessage: step.errorMessage), message.sid, step.status)
        })
    }

    /// The signed callback telling `url` that `message` reached `status`.
    func callback(_ message: EmulatedMessage, to url: URL, status: String, errorCode: Int?, errorMessage: String?) -> SignedWebhook {
        var fields = [("SmsSid", message.sid), ("SmsStatus", status), ("MessageStatus", status)]
        if let errorCode {
            fields += [("ErrorCode", "\(errorCode)"), ("ErrorMessage", errorMessage ?? "")]
        }
        fields += [
            ("To", "whatsapp:" + message.to), ("MessageSid", message.sid), ("AccountSid", accountSID),
            ("From", "whatsapp:" + message.from), ("ApiVersion", MessageResource.apiVersion),
            // Twilio hides the end of the number in this field.
            ("ChannelToAddress", String(message.to.dropLast(5)) + "XXXXX"), ("ChannelPrefix", "whatsapp"),
        ]
        if let service = message.messagingServiceSID { fields.append(("MessagingServiceSid", service)) }
        return sign(url, fields)
    }

    func sign(_ url: URL, _ fields: [(String, String)]) -> SignedWebhook {
        SignedWebhook(url: url, fields: fields, signature: TwilioWire.signature(url: url.absoluteString, fields: fields, authToken: authToken))
    }
}
