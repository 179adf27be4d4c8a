public import Foundation

/// A message the Twilio emulator accepted, as the host side sees it.
public struct EmulatedMessage: Sendable, Equatable, Codable {
    /// `SM` and 32 hexadecimal digits.
    public let sid: String
    /// E.164, without the `whatsapp:` prefix that came over the wire.
    public let to: String
    public let from: String
    /// The free text, or the template's text with its variables filled in (empty for an unknown template).
    public let body: String
    public let contentSID: String?
    /// `ContentVariables` exactly as sent, a JSON object.
    public let contentVariables: String?
    public let messagingServiceSID: String?
    public let statusCallback: URL?
    /// A `twilio/quick-reply` template's buttons, as WhatsApp shows them under the text.
    public var buttons: [QuickReplyButton] = []
    /// Where the message ends up (its number's outcome), set on acceptance; callbacks report the way there.
    public internal(set) var status: String
    public internal(set) var errorCode: Int?
    public internal(set) var errorMessage: String?
    public let dateCreated: Date
}

/// A button of a quick-reply template: its id (the `ButtonPayload` a tap sends) and its label.
public struct QuickReplyButton: Sendable, Equatable, Codable {
    public var id: String
    public var title: String

    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}

/// A failure the emulator answers the next send request with, instead of or after the work.
public enum TwilioFault: Sendable, Equatable {
    /// `429` with code `20429` and `Retry-After: 1`; nothing recorded.
    case tooManyRequests
    /// `500` with code `20500`; nothing recorded.
    case serverError
    /// The message is recorded, then no answer comes until the client gives up (or `stop()`).
    case timeoutAfterAccepting
    /// No answer comes until the client gives up, and nothing is recorded.
    case timeoutBeforeAccepting
}

/// What happens to messages sent to a number after Twilio accepts them, as told by status callbacks.
public enum DeliveryOutcome: Sendable, Equatable {
    /// `queued`, `sent`, `delivered`.
    case delivered
    /// `queued`, `sent`, `delivered`, `read`.
    case read
    /// `queued`, `sent`, then `undelivered` with the code, e.g. 63024 (invalid recipient).
    case undelivered(code: Int, message: String)
    /// `queued`, then `failed` with the code, e.g. 63003 (channel could not find the To address).
    case failed(code: Int, message: String)
    /// No callback at all; the message stays `queued`.
    case staysQueued

    /// The statuses posted in order, with the error of the last one where there is one.
    var statuses: [(status: String, errorCode: Int?, errorMessage: String?)] {
        switch self {
        case .delivered: [("queued", nil, nil), ("sent", nil, nil), ("delivered", nil, nil)]
        case .read: [("queued", nil, nil), ("sent", nil, nil), ("delivered", nil, nil), ("read", nil, nil)]
        case .undelivered(let code, let message): [("queued", nil, nil), ("sent", nil, nil), ("undelivered", code, message)]
        case .failed(let code, let message): [("queued", nil, nil), ("failed", code, message)]
        case .staysQueued: []
        }
    }
}

/// How status callbacks are posted, to exercise a receiver's ordering and duplicate rules.
public struct CallbackDelivery: OptionSet, Sendable {
    public let rawValue: Int

    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// The statuses of a message arrive last first (`delivered` before `sent`).
    public static let outOfOrder = CallbackDelivery(rawValue: 1 << 0)
    /// Every callback arrives twice in a row.
    public static let twice = CallbackDelivery(rawValue: 1 << 1)
}

/// How many requests the emulator has seen, so tests can assert that retries happened or not.
public struct TwilioRequestCounts: Sendable, Equatable {
    /// API requests of any kind, refused and faulted ones included.
    public var requests = 0
    /// `POST …/Messages.json` requests, refused and faulted ones included.
    public var sendAttempts = 0
    /// Send requests answered with an injected fault.
    public var faulted = 0
    /// The most send requests being served at the same moment (the client's concurrency).
    public var mostSendsAtOnce = 0
}
