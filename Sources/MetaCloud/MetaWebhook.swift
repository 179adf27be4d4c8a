import Crypto
public import Foundation

/// What Meta posts to `/webhooks/whatsapp` (DESIGN.md §25): statuses of sent messages and the
/// messages attendees send, under `entry[].changes[].value`, signed with the app secret.
public struct MetaWebhook: Sendable {
    public struct Status: Sendable, Equatable {
        /// The message's `wamid.…`.
        public var id: String
        /// `sent`, `delivered`, `read`, `failed`.
        public var status: String
        /// What the send carried in `biz_opaque_callback_data`: the outbox id (Meta echoes it on
        /// `sent`, `delivered` and `read`, not on `failed`).
        public var callbackData: String?
        /// The attendee's number, digits only.
        public var recipient: String?
        public var errorCode: Int?
        public var errorText: String?
    }

    public struct Inbound: Sendable, Equatable {
        public var id: String
        /// The sender, E.164 with `+`.
        public var from: String
        public var text: String
        /// A quick-reply button's payload, or an interactive reply's id.
        public var buttonPayload: String?
        /// `text`, `button`, `interactive`; others (reactions, images, stickers…) are read but not answered.
        public var type: String
        /// The message it answers (`context.id`), for a button tap.
        public var repliedTo: String?
    }

    public var statuses: [Status] = []
    public var messages: [Inbound] = []
    /// The number the changes are for (`metadata.phone_number_id`), per change.
    public var phoneNumberIDs: Set<String> = []

    /// Reads a webhook body; nil when it is not Meta's shape.
    public init?(json data: Data) {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let entries = object["entry"] as? [[String: Any]] else { return nil }
        self.init(json: object, entries: entries, only: nil)
    }

    /// Reads only the changes for `phoneNumberID` (a WhatsApp account may hold several numbers, and
    /// an app several accounts): another number's statuses and messages are none of ours.
    public init?(json data: Data, for phoneNumberID: String) {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let entries = object["entry"] as? [[String: Any]] else { return nil }
        self.init(json: object, entries: entries, only: phoneNumberID)
    }

    private init(json object: [String: Any], entries: [[String: Any]], only: String?) {
        for change in entries.flatMap({ ($0["changes"] as? [[String: Any]]) ?? [] }) {
            guard let value = change["value"] as? [String: Any] else { continue }
            let metadata = value["metadata"] as? [String: Any]
            let number = metadata?["phone_number_id"] as? String ?? (metadata?["phone_number_id"] as? NSNumber)?.stringValue
            // With a number to keep to, a change that does not name it is not read.
            if let only, number != only { continue }
            if let number { phoneNumberIDs.insert(number) }
            for status in (value["statuses"] as? [[String: Any]]) ?? [] {
                guard let id = status["id"] as? String, let state = status["status"] as? String else { continue }
                let error = (status["errors"] as? [[String: Any]])?.first
                let text = error.map { error in
                    ((error["error_data"] as? [String: Any])?["details"] as? String) ?? error["message"] as? String ?? error["title"] as? String ?? ""
                }
                statuses.append(Status(id: id, status: state, callbackData: status["biz_opaque_callback_data"] as? String,
                                       recipient: status["recipient_id"] as? String, errorCode: error?["code"] as? Int, errorText: text))
            }
            for message in (value["messages"] as? [[String: Any]]) ?? [] {
                guard let id = message["id"] as? String, let from = message["from"] as? String else { continue }
                let text = (message["text"] as? [String: Any])?["body"] as? String
                let button = message["button"] as? [String: Any]
                let reply = (message["interactive"] as? [String: Any])?["button_reply"] as? [String: Any]
                messages.append(Inbound(id: id, from: from.hasPrefix("+") ? from : "+" + from,
                                        text: text ?? button?["text"] as? String ?? reply?["title"] as? String ?? "",
                                        buttonPayload: button?["payload"] as? String ?? reply?["id"] as? String,
                                        type: message["type"] as? String ?? "text",
                                        repliedTo: (message["context"] as? [String: Any])?["id"] as? String))
            }
        }
    }

    /// `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`,
    /// compared in constant time.
    public static func isSigned(_ body: Data, header: String?, appSecret: String) -> Bool {
        guard let header, header.hasPrefix("sha256="), let given = hexBytes(String(header.dropFirst("sha256=".count))) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: body, using: SymmetricKey(data: Data(appSecret.utf8)))
    }

    /// The header for `body`: what Meta (and the emulator) sends.
    public static func signature(_ body: Data, appSecret: String) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(appSecret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    static func hexBytes(_ text: String) -> Data? {
        guard text.count == 64 else { return nil }
        var bytes = Data()
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
