public import Foundation

/// A message's delivery status as Twilio names it (`queued`, `sent`, `delivered`, `read`,
/// `undelivered`, `failed`…); kept open, since Twilio adds statuses over time.
public struct MessageStatus: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let queued = MessageStatus(rawValue: "queued")
    public static let sent = MessageStatus(rawValue: "sent")
    public static let delivered = MessageStatus(rawValue: "delivered")
    public static let read = MessageStatus(rawValue: "read")
    public static let undelivered = MessageStatus(rawValue: "undelivered")
    public static let failed = MessageStatus(rawValue: "failed")

    public var description: String { rawValue }
}

/// Twilio's answer to a send: the new message's SID (`SM…`) and first status, usually `queued`.
public struct SentMessage: Sendable, Equatable, Decodable {
    public let sid: String
    public let status: MessageStatus
}

/// A message as Twilio's message list shows it, enough to recognise an earlier send.
public struct MessageRecord: Sendable, Equatable, Decodable {
    public let sid: String
    /// `whatsapp:+E164`, as Twilio stores it.
    public let to: String
    public let from: String
    public let body: String
    public let status: MessageStatus
    public let dateCreated: Date

    enum CodingKeys: String, CodingKey {
        case sid, to, from, body, status
        case dateCreated = "date_created"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sid = try container.decode(String.self, forKey: .sid)
        to = try container.decode(String.self, forKey: .to)
        from = try container.decode(String.self, forKey: .from)
        body = try container.decodeIfPresent(String.self, forKey: .body) ?? ""
        status = try container.decode(MessageStatus.self, forKey: .status)
        let created = try container.decode(String.self, forKey: .dateCreated)
        guard let date = RFC2822Date.date(from: created) else {
            throw DecodingError.dataCorruptedError(forKey: .dateCreated, in: container, debugDescription: "not an RFC 2822 date: \(created)")
        }
        dateCreated = date
    }
}

/// One page of `GET …/Messages.json`.
struct MessagePage: Decodable {
    let messages: [MessageRecord]
    let nextPageURI: String?

    enum CodingKeys: String, CodingKey {
        case messages
        case nextPageURI = "next_page_uri"
    }
}

/// `GET /2010-04-01/Accounts/{sid}.json`, reduced to what `check` reports.
public struct TwilioAccount: Sendable, Equatable, Decodable {
    public let sid: String
    public let friendlyName: String
    /// `active`, `suspended` or `closed`.
    public let status: String

    enum CodingKeys: String, CodingKey {
        case sid, status
        case friendlyName = "friendly_name"
    }
}
