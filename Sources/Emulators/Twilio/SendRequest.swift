import Foundation

/// The fields of `POST …/Messages.json`, checked the way Twilio checks them before it looks at
/// the account's state (rejected numbers, the session window).
struct SendRequest {
    /// Twilio's limit on `Body`, in characters.
    static let maxBodyLength = 1600

    let to: String
    /// Nil only when a Messaging Service picks the sender.
    let from: String?
    let body: String?
    let contentSID: String?
    let contentVariables: String?
    let messagingServiceSID: String?
    let statusCallback: URL?

    init(form: [(String, String)], businessNumber: String) throws(TwilioErrorReply) {
        let field = { (name: String) in form.last { $0.0 == name }?.1 }
        guard let rawTo = field("To"), !rawTo.isEmpty else { throw .init(code: 21604, message: "A 'To' phone number is required.") }
        guard let to = TwilioWire.whatsAppNumber(rawTo) else {
            throw .init(code: 21211, message: "Invalid 'To' Phone Number: \(rawTo)")
        }
        self.to = to
        messagingServiceSID = field("MessagingServiceSid").flatMap { $0.isEmpty ? nil : $0 }
        let rawFrom = field("From").flatMap { $0.isEmpty ? nil : $0 }
        if let rawFrom {
            guard let number = TwilioWire.whatsAppNumber(rawFrom) else {
                throw .init(code: 21212, message: "Invalid 'From' Phone Number: \(rawFrom)")
            }
            guard number == businessNumber else {
                throw .init(code: 63007, message: "Twilio could not find a Channel with the specified From address")
            }
        } else if messagingServiceSID == nil {
            throw .init(code: 21603, message: "A 'From' phone number is required.")
        }
        from = rawFrom.flatMap(TwilioWire.whatsAppNumber)
        body = field("Body").flatMap { $0.isEmpty ? nil : $0 }
        contentSID = field("ContentSid").flatMap { $0.isEmpty ? nil : $0 }
        contentVariables = field("ContentVariables")
        statusCallback = try Self.callbackURL(field("StatusCallback"))
        try validateContent()
    }

    private func validateContent() throws(TwilioErrorReply) {
        guard body != nil || contentSID != nil else { throw .init(code: 21602, message: "Message body is required.") }
        if let body, body.count > Self.maxBodyLength {
            throw .init(code: 21617, message: "The concatenated message body exceeds the 1600 character limit.")
        }
        if let contentSID, !contentSID.hasPrefix("HX") {
            throw .init(code: 21655, message: "The ContentSid is Invalid.")
        }
        if let contentVariables, Self.variables(contentVariables) == nil {
            throw .init(code: 21656, message: "The ContentVariables Parameter is invalid.")
        }
    }

    /// `{"1": "Asha", …}`: an object of strings, or nil for anything else.
    static func variables(_ json: String) -> [String: String]? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: String]
    }

    private static func callbackURL(_ text: String?) throws(TwilioErrorReply) -> URL? {
        guard let text, !text.isEmpty else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased()), url.host != nil else {
            throw .init(code: 21609, message: "Invalid StatusCallback url")
        }
        return url
    }
}
