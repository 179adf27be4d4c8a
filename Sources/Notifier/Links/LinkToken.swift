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
    public func payload() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding five plain fields cannot fail.
        return try! encoder.encode(self)
    }
}
