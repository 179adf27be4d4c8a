import GRDB

/// A message's life in one place: the states it moves through, how Twilio's reports map onto
/// them, which way they may move, and what the calendar shows for each.
extension OutboxMessage {
    public enum State: String, Codable, Sendable, CaseIterable {
        /// Decided, not yet tried (or to be tried again).
        case pending
        /// Handed to Twilio; still `sending` after a crash means the outcome is unknown.
        case sending
        /// Twilio may or may not have it (a `5xx`, a timeout): reconcile before any resend.
        case unknown
        /// Accepted by Twilio (`201`, `status: queued`).
        case queued
        case sent, delivered, read
        /// Refused by Twilio, or reported failed/undelivered: final.
        case failed, undelivered
        /// Not sent because it no longer matters (the session began before it could go).
        case skipped
    }
}

extension OutboxMessage.State {
    /// The states a status callback can report; Twilio's intermediate ones (`queued`, `sending`…) are not news.
    public init?(twilioStatus: String) {
        switch twilioStatus {
        case "sent": self = .sent
        case "delivered": self = .delivered
        case "read": self = .read
        case "failed": self = .failed
        case "undelivered": self = .undelivered
        default: return nil
        }
    }

    /// The provider has taken the message (its send was answered), or its reports took it
    /// further: a report applies to it at once, with nothing to keep for later.
    package var isAccepted: Bool {
        deliveryRank >= Self.queued.deliveryRank
    }

    /// How far along delivery a state is. Reports only move a message forward, so a late or
    /// repeated `sent` never overwrites `delivered`, `read` or a failure.
    /// Whether a report of this state moves a message in `current` forward. A failure after the
    /// message was delivered is not news: the attendee has it (Meta may still say `failed`).
    package func advances(over current: Self) -> Bool {
        guard deliveryRank > current.deliveryRank else { return false }
        return outcome != .failed || current.deliveryRank < Self.delivered.deliveryRank
    }

    package var deliveryRank: Int {
        switch self {
        case .pending, .sending, .unknown, .skipped: 0
        case .queued: 1
        case .sent: 2
        case .delivered: 3
        case .read, .failed, .undelivered: 4
        }
    }

    /// What the event shows for a message in this state.
    package enum Outcome {
        /// `SUCCESS_COLOR_ID`, failure line removed.
        case succeeded
        /// `FAILURE_COLOR_ID` with the reason on top.
        case failed
        /// Nothing yet: the colour stays as it is.
        case undecided
    }

    package var outcome: Outcome {
        switch self {
        case .sent, .delivered, .read: .succeeded
        case .failed, .undelivered: .failed
        case .pending, .sending, .unknown, .queued, .skipped: .undecided
        }
    }
}

extension OutboxMessage.State: DatabaseValueConvertible {
    /// `(state = 'a' OR state = 'b' …)`, for statements every message runs: SQLite builds a
    /// temporary table for an `IN` list of three or more values each time such a statement runs.
    static func sqlAnyOf(_ states: [Self]) -> String {
        "(" + states.map { "\(OutboxMessage.Columns.state.name) = '\($0.rawValue)'" }.joined(separator: " OR ") + ")"
    }
}
