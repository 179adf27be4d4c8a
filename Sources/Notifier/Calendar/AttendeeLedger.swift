import Foundation

/// One attendee's messages about one event, as the outbox holds them: what they were told (the
/// latest message handed to Twilio that did not fail), what waits to be sent, and the latest
/// message still standing. A new decision is compared with these to send each change once, and
/// to replace what has not gone yet instead of sending stale news after it (coalescing).
public struct AttendeeLedger: Sendable {
    /// The attendee's notices about the event (scheduled, rescheduled, cancelled), oldest first,
    /// those replaced by a later change left out.
    var messages: [OutboxMessage]
    /// The reminders planned for them, those replaced by a later change left out.
    var reminders: [OutboxMessage] = []
    /// How many messages the attendee ever had about the event, replaced ones included; the next
    /// one's key counts on from it.
    var count: Int

    package static let empty = AttendeeLedger(messages: [], count: 0)

    package mutating func add(_ message: OutboxMessage) {
        count += 1
        guard !message.isSuperseded else { return }
        if message.kind == .reminder {
            reminders.append(message)
        } else {
            messages.append(message)
        }
    }

    /// `messages` (oldest first) added to the ledgers of their event and attendee; messages to
    /// no valid number have none.
    package static func add(_ messages: [OutboxMessage], to ledgers: inout [String: [PhoneNumber: AttendeeLedger]]) {
        for message in messages {
            guard let phone = PhoneNumber(e164: message.phone) else { continue }
            ledgers[message.eventID, default: [:]][phone, default: .empty].add(message)
        }
    }

    var told: ToldState {
        guard let last = messages.last(where: \.state.hasReachedTwilio) else { return .nothing }
        return ToldState(start: last.startAt, cancelled: last.kind == .cancelled)
    }

    /// Messages decided but not handed to Twilio yet: they may still be replaced.
    var pending: [OutboxMessage] { messages.filter { $0.state == .pending } }

    var latest: OutboxMessage? { messages.last }
}

extension OutboxMessage.State {
    /// Handed to Twilio (or maybe: a send whose answer was lost) and not failed: the attendee was told.
    package var hasReachedTwilio: Bool {
        switch self {
        case .sending, .unknown, .queued, .sent, .delivered, .read: true
        case .pending, .failed, .undelivered, .skipped: false
        }
    }
}

extension OutboxMessage {
    /// The reason kept on a message replaced by a later change before it was sent.
    package static let supersededReason = "not sent: replaced by a later change before it went out"

    package var isSuperseded: Bool { state == .skipped && error == Self.supersededReason }

    /// Whether this message announces what `other` would: the same news to the same person. A
    /// message not sent yet must also carry the same title, or the newer one replaces it.
    func announcesSame(as other: OutboxMessage) -> Bool {
        guard kind == other.kind, phone == other.phone, startAt == other.startAt, previousStartAt == other.previousStartAt,
              aboutSeries == other.aboutSeries, seriesDates == other.seriesDates
        else { return false }
        return state != .pending || summary == other.summary
    }
}
