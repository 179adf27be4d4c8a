import Foundation

/// A WhatsApp message for the Cloud API's `POST /{phone-number-id}/messages` (DESIGN.md §25): a
/// template outside the 24-hour window, free text or up to three reply buttons inside it. The
/// outbox id rides along in `biz_opaque_callback_data` and comes back with every status.
public struct MetaOutgoing: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case text(String)
        /// An approved template: its name, the language it was approved in (`pt_BR`), the body's
        /// `{{1}}`, `{{2}}`… values, and the payloads of its quick-reply buttons, in order.
        case template(name: String, language: String, parameters: [String], buttonPayloads: [String])
        /// Text with reply buttons (at most three: id and title).
        case buttons(text: String, buttons: [(id: String, title: String)])

        public static func == (a: Content, b: Content) -> Bool {
            switch (a, b) {
            case (.text(let x), .text(let y)): x == y
            case (.template(let n1, let l1, let p1, let b1), .template(let n2, let l2, let p2, let b2)): n1 == n2 && l1 == l2 && p1 == p2 && b1 == b2
            case (.buttons(let t1, let b1), .buttons(let t2, let b2)): t1 == t2 && b1.map(\.id) == b2.map(\.id) && b1.map(\.title) == b2.map(\.title)
            default: false
            }
        }
    }

    /// E.164 (`+919876543210`); sent without the `+`, as Meta writes numbers.
    public var to: String
    public var content: Content
    public var callbackData: String?

    public init(to: String, content: Content, callbackData: String? = nil) {
        self.to = to
        self.content = content
        self.callbackData = callbackData
    }

    /// The request body.
    var json: [String: Any] {
        var body: [String: Any] = ["messaging_product": "whatsapp", "recipient_type": "individual",
                                   "to": String(to.drop { $0 == "+" })]
        switch content {
        case .text(let text):
            body["type"] = "text"
            body["text"] = ["body": text, "preview_url": false]
        case .template(let name, let language, let parameters, let buttonPayloads):
            var components: [[String: Any]] = []
            if !parameters.isEmpty {
                components.append(["type": "body", "parameters": parameters.map { ["type": "text", "text": $0] }])
            }
            for (index, payload) in buttonPayloads.enumerated() {
                components.append(["type": "button", "sub_type": "quick_reply", "index": "\(index)",
                                   "parameters": [["type": "payload", "payload": payload]]])
            }
            body["type"] = "template"
            body["template"] = ["name": name, "language": ["code": language], "components": components]
        case .buttons(let text, let buttons):
            body["type"] = "interactive"
            body["interactive"] = [
                "type": "button", "body": ["text": text],
                "action": ["buttons": buttons.prefix(3).map { ["type": "reply", "reply": ["id": $0.id, "title": String($0.title.prefix(20))]] }],
            ]
        }
        if let callbackData { body["biz_opaque_callback_data"] = callbackData }
        return body
    }
}
