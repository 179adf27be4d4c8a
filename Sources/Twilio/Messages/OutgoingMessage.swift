public import Foundation

/// A WhatsApp message to send: free text inside the 24-hour session window, or an approved
/// template (Content API) outside it. Numbers are E.164 (`+919876543210`); the client adds the
/// `whatsapp:` channel prefix.
public struct OutgoingMessage: Sendable, Equatable {
    /// What the message says.
    public enum Content: Sendable, Equatable {
        /// Free-form text, sent as `Body`.
        case text(String)
        /// An approved template, sent as `ContentSid` (`HX…`) and its `{{1}}`, `{{2}}`… values.
        case template(contentSID: String, variables: [String])
    }

    public var to: String
    public var from: String
    public var content: Content
    /// A Messaging Service (`MG…`) to send through; `From` is still sent, as the sender to use.
    public var messagingServiceSID: String?
    /// Where Twilio posts the message's status changes.
    public var statusCallback: URL?

    public init(to: String, from: String, content: Content, messagingServiceSID: String? = nil, statusCallback: URL? = nil) {
        self.to = to
        self.from = from
        self.content = content
        self.messagingServiceSID = messagingServiceSID
        self.statusCallback = statusCallback
    }

    /// The form fields of `POST …/Messages.json`, in a fixed order.
    var formFields: [(String, String)] {
        var fields = [("To", Self.whatsApp(to)), ("From", Self.whatsApp(from))]
        switch content {
        case .text(let body):
            fields.append(("Body", body))
        case .template(let contentSID, let variables):
            fields.append(("ContentSid", contentSID))
            if !variables.isEmpty { fields.append(("ContentVariables", Self.contentVariables(variables))) }
        }
        if let messagingServiceSID { fields.append(("MessagingServiceSid", messagingServiceSID)) }
        if let statusCallback { fields.append(("StatusCallback", statusCallback.absoluteString)) }
        return fields
    }

    /// `whatsapp:+E164`; a number that already carries the prefix keeps it as is.
    static func whatsApp(_ number: String) -> String {
        number.hasPrefix("whatsapp:") ? number : "whatsapp:" + number
    }

    /// `{"1":"…","2":"…"}` with the keys in numeric order, so that the same message always
    /// encodes to the same text.
    static func contentVariables(_ values: [String]) -> String {
        let members = values.enumerated().map { index, value in "\"\(index + 1)\":\(jsonString(value))" }
        return "{" + members.joined(separator: ",") + "}"
    }

    private static func jsonString(_ value: String) -> String {
        // Encoding a lone String cannot fail; the fallback only keeps the signature non-throwing.
        let data = (try? JSONEncoder().encode(value)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
