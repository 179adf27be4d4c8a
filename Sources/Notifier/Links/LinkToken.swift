import Crypto
public import Foundation

/// What a cancel or reschedule link stands for. Its JSON form is fixed (DESIGN.md §7), because
/// other tools mint and read these tokens: `{"a":"cancel","c":"<calendar>","e":"<event>","s":<sequence>}`,
/// with `"p":"<attendee>"` when the event has several attendees (the link acts for that one alone).
public struct LinkToken: Codable, Hashable, Sendable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case cancel
        case reschedule
        /// Book a new time after a cancellation (the built-in booking page); names the attendee.
        case book
    }

    public var action: Action
    public var calendarID: String
    public var eventID: String
    /// The event's Google `sequence` when the link was made.
    public var sequence: Int
    /// The attendee a group session's link acts for, in E.164; nil for a one-attendee session.
    public var attendee: String?

    public init(action: Action, calendarID: String, eventID: String, sequence: Int, attendee: String? = nil) {
        self.action = action
        self.calendarID = calendarID
        self.eventID = eventID
        self.sequence = sequence
        self.attendee = attendee
    }

    enum CodingKeys: String, CodingKey {
        case action = "a"
        case calendarID = "c"
        case eventID = "e"
        case sequence = "s"
        case attendee = "p"
    }

    /// What single-use and replay rules key on (DESIGN.md §22): the decoded payload, never the
    /// token's spelling, so padding variants and unused base64 bits, or the same link minted
    /// twice, are one link. Hex SHA-256 of the canonical payload.
    public var key: String {
        SHA256.hash(data: payload()).map { String(format: "%02x", $0) }.joined()
    }

    /// The compact JSON payload, keys in the fixed order `a`, `c`, `e`, (`p`,) `s`; no `p` unless set.
    /// Written by hand, byte for byte as `JSONEncoder` writes it with sorted keys and unescaped
    /// slashes (a test compares the two on random text): every message mints two or three tokens,
    /// and the encoder was a third of minting one.
    public func payload() -> Data {
        var json: [UInt8] = []
        json.reserveCapacity(48 + calendarID.utf8.count + eventID.utf8.count + (attendee?.utf8.count ?? 0))
        json += #"{"a":""#.utf8
        json += action.rawValue.utf8
        json += #"","c":"#.utf8
        Self.appendQuoted(calendarID, to: &json)
        json += #","e":"#.utf8
        Self.appendQuoted(eventID, to: &json)
        if let attendee {
            json += #","p":"#.utf8
            Self.appendQuoted(attendee, to: &json)
        }
        json += #","s":"#.utf8
        json += String(sequence).utf8
        json.append(UInt8(ascii: "}"))
        return Data(json)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string as `JSONEncoder` writes one: `"` and `\` escaped, the control characters
    /// as `\b \f \n \r \t` or `\u00xx`; everything else, non-ASCII included, as it is.
    private static func appendQuoted(_ text: String, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): json += [UInt8(ascii: "\\"), byte]
            case 0x08: json += #"\b"#.utf8
            case 0x0C: json += #"\f"#.utf8
            case 0x0A: json += #"\n"#.utf8
            case 0x0D: json += #"\r"#.utf8
            case 0x09: json += #"\t"#.utf8
            case 0..<0x20:
                json += #"\u00"#.utf8
                json += [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default: json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
    }
}
