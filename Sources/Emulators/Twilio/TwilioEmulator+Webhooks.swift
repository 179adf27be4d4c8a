public import Foundation

/// Webhooks the emulator posts on the host's request, signed like Twilio's.
extension TwilioEmulator {
    /// Posts one status callback for a message by hand and returns the receiver's HTTP status.
    @discardableResult
    public func deliverStatus(_ status: String, for sid: String, errorCode: Int? = nil, errorMessage: String? = nil) async throws -> Int {
        guard let message = await ledger.setStatus(of: sid, to: status, errorCode: errorCode, errorMessage: errorMessage) else {
            throw TwilioEmulatorError.unknownMessage(sid)
        }
        guard let url = message.statusCallback else { throw TwilioEmulatorError.noStatusCallback(sid) }
        return try await courier.post(reporter.callback(message, to: url, status: status, errorCode: errorCode, errorMessage: errorMessage)).status
    }

    /// Posts an inbound WhatsApp message from `number` (E.164) to `url`, as Twilio does when an
    /// attendee writes, and returns the answer (TwiML). Opens the number's 24-hour window.
    public func postInbound(from number: String, body: String, to url: URL, profileName: String = "Attendee") async throws -> (status: Int, body: String) {
        await ledger.openSessionWindow(for: number)
        let sid = TwilioWire.sid("SM")
        let fields = [
            ("SmsMessageSid", sid), ("NumMedia", "0"), ("ProfileName", profileName), ("MessageType", "text"),
            ("SmsSid", sid), ("WaId", String(number.drop { $0 == "+" })), ("SmsStatus", "received"), ("Body", body),
            ("To", "whatsapp:" + whatsAppNumber), ("NumSegments", "1"), ("ReferralNumMedia", "0"), ("MessageSid", sid),
            ("AccountSid", accountSID), ("From", "whatsapp:" + number), ("ApiVersion", MessageResource.apiVersion),
        ]
        return try await courier.post(reporter.sign(url, fields))
    }

    /// Posts a tap on a quick-reply button of message `repliedTo`, as Twilio does: `Body` and
    /// `ButtonText` are the label, `ButtonPayload` the button's id, `OriginalRepliedMessageSid` the
    /// message the buttons were on. Returns the answer (TwiML).
    public func postButtonTap(from number: String, button: QuickReplyButton, repliedTo sid: String, to url: URL,
                              profileName: String = "Attendee") async throws -> (status: Int, body: String) {
        await ledger.openSessionWindow(for: number)
        let tap = TwilioWire.sid("SM")
        let fields = [
            ("SmsMessageSid", tap), ("NumMedia", "0"), ("ProfileName", profileName), ("MessageType", "button"),
            ("SmsSid", tap), ("WaId", String(number.drop { $0 == "+" })), ("SmsStatus", "received"), ("Body", button.title),
            ("ButtonText", button.title), ("ButtonPayload", button.id), ("OriginalRepliedMessageSid", sid),
            ("To", "whatsapp:" + whatsAppNumber), ("NumSegments", "1"), ("ReferralNumMedia", "0"), ("MessageSid", tap),
            ("AccountSid", accountSID), ("From", "whatsapp:" + number), ("ApiVersion", MessageResource.apiVersion),
        ]
        return try await courier.post(reporter.sign(url, fields))
    }

    /// Returns once every status callback started so far has been answered (or has failed).
    public func callbacksSettled() async {
        await courier.settled()
    }

    /// The status callbacks posted so far, in the order they were answered.
    public var postedCallbacks: [PostedCallback] {
        courier.posted
    }

    /// `X-Twilio-Signature` for a request to `url` with these form fields, under this account's
    /// token, for tests that post webhooks of their own.
    public func signature(url: String, fields: [(String, String)]) -> String {
        TwilioWire.signature(url: url, fields: fields, authToken: authToken)
    }
}

/// A host-side request the emulator cannot carry out.
public enum TwilioEmulatorError: Error, Equatable {
    /// No message with this SID was accepted.
    case unknownMessage(String)
    /// The message was sent without a `StatusCallback`, so there is nowhere to post.
    case noStatusCallback(String)
}
