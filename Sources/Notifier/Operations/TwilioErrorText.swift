/// Readable reasons for the delivery errors hosts meet most, for when Twilio sends only a code.
enum TwilioErrorText {
    static let known: [String: String] = [
        "30003": "the phone is unreachable or switched off",
        "30005": "the number is unknown or no longer exists",
        "30006": "the number cannot receive this message (a landline or blocked carrier)",
        "30007": "the carrier filtered the message",
        "30008": "delivery failed for an unknown reason",
        "63003": "the number is not on WhatsApp",
        "63016": "the attendee has not written in the last 24 hours; an approved template is needed",
        "63024": "the number is not a valid WhatsApp recipient",
        "63032": "the attendee has blocked or stopped messages from this business",
        "63049": "WhatsApp held the message back (marketing limits)",
    ]

    /// Twilio's own message when it sent one, else the readable text for its code.
    static func reason(code: String?, message: String?) -> String {
        if let message, !message.isEmpty { return message + (code.map { " (Twilio error \($0))" } ?? "") }
        guard let code, !code.isEmpty else { return "Twilio reported the message as not delivered" }
        return (known[code] ?? "Twilio could not deliver it") + " (Twilio error \(code))"
    }
}
