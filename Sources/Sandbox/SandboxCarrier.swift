import Emulators
import Foundation

/// Who carries the sandbox's WhatsApp messages: the Twilio emulator, or Meta's (`--provider meta`).
/// The page shows the threads and the attendees write and tap the same way with either.
enum SandboxCarrier: Sendable {
    case twilio(TwilioEmulator, inboundURL: URL)
    case meta(MetaEmulator)

    /// One message the business sent, as the page shows it.
    struct Message: Sendable {
        var id: String
        var to: String
        var body: String
        var status: String
        var date: Date
        var buttons: [(id: String, title: String)]
    }

    static let buttonTitles = ["confirm": "Confirm", "cancel": "Cancel", "reschedule": "Reschedule"]

    func messages() async -> [Message] {
        switch self {
        case .twilio(let twilio, _):
            return await twilio.messages().map {
                Message(id: $0.sid, to: $0.to, body: $0.body, status: $0.status, date: $0.dateCreated, buttons: $0.buttons.map { ($0.id, $0.title) })
            }
        case .meta(let meta):
            return meta.messages().map {
                Message(id: $0.id, to: $0.to, body: $0.text, status: $0.status, date: $0.sentAt,
                        buttons: $0.buttons.map { ($0, Self.buttonTitles[$0] ?? $0) })
            }
        }
    }

    /// The attendee writes; returns the service's answer when the webhook carries it (Twilio's
    /// TwiML), nil when it comes as a message of its own (Meta).
    func write(from phone: String, _ text: String) async throws -> String? {
        switch self {
        case .twilio(let twilio, let inboundURL):
            let answer = try await twilio.postInbound(from: phone, body: text, to: inboundURL)
            return Self.twiML(answer.body)
        case .meta(let meta):
            try await meta.postInbound(from: phone, text: text)
            return nil
        }
    }

    /// The attendee taps button `id` of message `messageID`; returns its label and the answer, as `write`.
    func tap(from phone: String, button id: String, on messageID: String) async throws -> (label: String, reply: String?)? {
        switch self {
        case .twilio(let twilio, let inboundURL):
            guard let message = await twilio.messages().first(where: { $0.sid == messageID }),
                  let button = message.buttons.first(where: { $0.id == id }) else { return nil }
            let answer = try await twilio.postButtonTap(from: phone, button: button, repliedTo: messageID, to: inboundURL)
            return (button.title, Self.twiML(answer.body))
        case .meta(let meta):
            guard meta.messages().contains(where: { $0.id == messageID && $0.buttons.contains(id) }) else { return nil }
            let label = Self.buttonTitles[id] ?? id
            try await meta.postInbound(from: phone, text: label, buttonPayload: id, repliedTo: messageID)
            return (label, nil)
        }
    }

    /// Makes messages to `phone` fail or succeed, to see an event turn red or green.
    func setDelivery(for phone: String, _ outcome: String) async {
        switch self {
        case .twilio(let twilio, _):
            switch outcome {
            case "invalid": await twilio.rejectNumber(phone, code: 21211, message: "The 'To' number \(phone) is not a valid phone number.")
            case "undelivered":
                await twilio.acceptNumber(phone)
                await twilio.setOutcome(for: phone, .undelivered(code: 63024, message: ""))
            case "read":
                await twilio.acceptNumber(phone)
                await twilio.setOutcome(for: phone, .read)
            default:
                await twilio.acceptNumber(phone)
                await twilio.setOutcome(for: phone, .delivered)
            }
        case .meta(let meta):
            // Meta reports an undeliverable number (131026) in the status either way.
            if outcome == "invalid" || outcome == "undelivered" { meta.rejectNumber(phone) } else { meta.acceptNumber(phone) }
        }
    }

    static func twiML(_ body: String) -> String {
        let reply = body.firstMatch(of: #/<Message>(.*)</Message>/#.dotMatchesNewlines()).map { String($0.1) } ?? body
        return SandboxDesk.unescapeXML(reply)
    }
}
