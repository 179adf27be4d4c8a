public import Foundation

/// What a cancel or reschedule link stands for. Its JSON form is fixed (DESIGN.md §7), because
/// other tools mint and read these tokens: `{"a":"cancel","c":"<calendar>","e":"<event>","s":<sequence>}`.
public struct LinkToken: Codable, Hashable, Sendable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case cancel
        case reschedule
    }

    public var action: Action
    public var calendarID: String
    public var eventID: String
    /// The event's Google `sequence` when the link was made.
    public var sequence: Int

    public init(action: Action, calendarID: String, eventID: String, sequence: Int) {
        self.action = action
        self.calendarID = calendarID
        self.eventID = eventID
        self.sequence = sequence
    }

    enum CodingKeys: String, CodingKey {
        case action = "a"
        case calendarID = "c"
        case eventID = "e"
        case sequence = "s"
    }

    /// The compact JSON payload, keys in the fixed order `a`, `c`, `e`, `s`.
    public func payload() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding four plain fields cannot fail.
        return try! encoder.encode(self)
    }
}
