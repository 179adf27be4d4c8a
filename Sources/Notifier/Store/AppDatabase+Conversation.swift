import Foundation
import GRDB

/// A number that replied STOP: no business-initiated message goes to it until it replies START.
struct OptOut: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "opt_outs"
    var phone: String
    var optedOutAt: Date

    enum CodingKeys: String, CodingKey {
        case phone, optedOutAt = "opted_out_at"
    }

    enum Columns {
        static let phone = Column(CodingKeys.phone)
    }
}

/// The last "Cancel your session …? Reply YES" put to a number.
package struct CancelQuestion: Codable, Sendable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "cancel_questions"
    package var phone: String
    package var calendarID: String
    package var eventID: String
    package var askedAt: Date

    package init(phone: String, calendarID: String, eventID: String, askedAt: Date) {
        self.phone = phone
        self.calendarID = calendarID
        self.eventID = eventID
        self.askedAt = askedAt
    }

    enum CodingKeys: String, CodingKey {
        case phone, calendarID = "calendar_id", eventID = "event_id", askedAt = "asked_at"
    }
}

/// An attendee confirmed the session at `startAt`; a moved session needs a new confirmation.
public struct Confirmation: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "confirmations"
    public var calendarID: String
    public var eventID: String
    public var phone: String
    public var startAt: Date
    public var confirmedAt: Date

    enum CodingKeys: String, CodingKey {
        case calendarID = "calendar_id", eventID = "event_id", phone, startAt = "start_at", confirmedAt = "confirmed_at"
    }

    public enum Columns {
        static let calendarID = Column(CodingKeys.calendarID)
        static let eventID = Column(CodingKeys.eventID)
    }
}

/// A cancellation an attendee asked for by replying YES; the write-back carries it out.
public struct CancellationRequest: Codable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "cancellation_requests"
    public var id: Int64?
    public var calendarID: String
    public var eventID: String
    public var phone: String
    /// Only this attendee's number leaves the location; the session stays for the others.
    public var forGroup: Bool
    public var requestedAt: Date
    public var doneAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, calendarID = "calendar_id", eventID = "event_id", phone, forGroup = "for_group"
        case requestedAt = "requested_at", doneAt = "done_at"
    }

    public enum Columns {
        static let doneAt = Column(CodingKeys.doneAt)
        static let calendarID = Column(CodingKeys.calendarID)
        static let eventID = Column(CodingKeys.eventID)
        static let phone = Column(CodingKeys.phone)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension OutboxMessage {
    /// Why a message to a number that replied STOP was not sent.
    public static let optedOutReason = "not sent: the attendee opted out of WhatsApp messages"

    package var isOptedOut: Bool { state == .skipped && error == Self.optedOutReason }
}

extension AppDatabase {
    private typealias Outbox = OutboxMessage.Columns

    public func isOptedOut(_ phone: String) async throws -> Bool {
        try await readRepairing { db in try OptOut.exists(db, key: phone) }
    }

    /// STOP: the number gets no business-initiated message any more; what waits for it is
    /// skipped with the reason, and its events show it.
    public func optOut(_ phone: String, at now: Date) async throws {
        try await writer.write { db in
            try OptOut(phone: phone, optedOutAt: now).save(db)
            _ = try OutboxMessage.filter(Outbox.phone == phone && Outbox.state == OutboxMessage.State.pending).updateAll(
                db, Outbox.state.set(to: OutboxMessage.State.skipped), Outbox.error.set(to: OutboxMessage.optedOutReason),
                Outbox.writebackDue.set(to: true))
        }
    }

    /// START: messages go to the number again.
    public func optIn(_ phone: String) async throws {
        try await writer.write { db in _ = try OptOut.deleteOne(db, key: phone) }
    }

    /// The latest message to `phone` that reached Twilio: what their reply is most likely about.
    /// When `phone` last wrote to the business: WhatsApp's 24-hour window runs from there.
    public func lastInbound(from phone: String) async throws -> Date? {
        try await readRepairing { db in
            try InboundReply.filter(InboundReply.Columns.phone == phone).order(InboundReply.Columns.receivedAt.desc)
                .fetchOne(db)?.receivedAt
        }
    }

    public func lastMessage(to phone: String) async throws -> OutboxMessage? {
        try await readRepairing { db in
            try OutboxMessage.filter(Outbox.phone == phone).order(Outbox.id.desc).fetchAll(db).first { $0.state.hasReachedTwilio }
        }
    }

    /// The message Twilio knows as `sid` (a button reply names the message its buttons were on).
    public func message(twilioSID sid: String) async throws -> OutboxMessage? {
        try await readRepairing { db in try OutboxMessage.filter(Outbox.twilioSID == sid).fetchOne(db) }
    }

    package func recordCancelQuestion(_ phone: String, calendarID: String, eventID: String, at now: Date) async throws {
        try await writer.write { db in
            try CancelQuestion(phone: phone, calendarID: calendarID, eventID: eventID, askedAt: now).save(db)
        }
    }

    /// A newer request from the attendee: the question put before no longer stands.
    package func clearCancelQuestion(to phone: String) async throws {
        // Most replies follow no question: a read spares the webhook a write.
        guard try await cancelQuestion(to: phone) != nil else { return }
        try await writer.write { db in _ = try CancelQuestion.deleteOne(db, key: phone) }
    }

    package func cancelQuestion(to phone: String) async throws -> CancelQuestion? {
        try await readRepairing { db in try CancelQuestion.fetchOne(db, key: phone) }
    }

    /// The attendee confirmed the session at its current start; the calendar is to show it.
    public func recordConfirmation(_ confirmation: Confirmation) async throws {
        try await writer.write { db in
            try confirmation.save(db)
            _ = try CancelQuestion.deleteOne(db, key: confirmation.phone)
            let latest = try OutboxMessage
                .filter(Outbox.calendarID == confirmation.calendarID && Outbox.eventID == confirmation.eventID)
                .filter(Outbox.phone == confirmation.phone).order(Outbox.id.desc).fetchOne(db)
            if let id = latest?.id { _ = try OutboxMessage.filter(key: id).updateAll(db, Outbox.writebackDue.set(to: true)) }
        }
    }

    public func confirmations(calendarID: String, eventID: String) async throws -> [Confirmation] {
        try await readRepairing { db in
            try Confirmation.filter(Confirmation.Columns.calendarID == calendarID && Confirmation.Columns.eventID == eventID).fetchAll(db)
        }
    }

    /// YES to the question: the cancellation is queued for the write-back (once per attendee and session).
    package func requestCancellation(_ request: CancellationRequest) async throws {
        try await writer.write { db in
            var request = request
            // Asked again after an earlier one was done (the host put the attendee back): once more.
            typealias Columns = CancellationRequest.Columns
            let earlier = try CancellationRequest
                .filter(Columns.calendarID == request.calendarID && Columns.eventID == request.eventID && Columns.phone == request.phone)
                .fetchOne(db)
            if var earlier, earlier.doneAt != nil {
                earlier.doneAt = nil
                earlier.requestedAt = request.requestedAt
                try earlier.update(db)
            } else if earlier == nil {
                try request.insert(db)
            }
            _ = try CancelQuestion.deleteOne(db, key: request.phone)
        }
    }

    /// Notes that the attendee cancelled their own place with a link, so that the link, used
    /// again, says it is cancelled rather than that it is no longer valid.
    package func recordCancelledByAttendee(_ phone: String, calendarID: String, eventID: String, at now: Date) async throws {
        typealias Columns = CancellationRequest.Columns
        try await writer.write { db in
            let mine = CancellationRequest.filter(Columns.calendarID == calendarID && Columns.eventID == eventID && Columns.phone == phone)
            if try mine.fetchCount(db) == 0 {
                var done = CancellationRequest(calendarID: calendarID, eventID: eventID, phone: phone, forGroup: false, requestedAt: now)
                done.doneAt = now
                try done.insert(db)
            }
        }
    }

    /// Whether the attendee cancelled their place in this session themselves (link or YES).
    package func cancelledByAttendee(_ phone: String, calendarID: String, eventID: String) async throws -> Bool {
        typealias Columns = CancellationRequest.Columns
        return try await readRepairing { db in
            try CancellationRequest.filter(Columns.calendarID == calendarID && Columns.eventID == eventID && Columns.phone == phone)
                .filter(Columns.doneAt != nil).fetchCount(db) > 0
        }
    }

    package func cancellationsRequested() async throws -> [CancellationRequest] {
        try await readRepairing { db in try CancellationRequest.filter(CancellationRequest.Columns.doneAt == nil).fetchAll(db) }
    }

    package func finishCancellation(_ id: Int64, at now: Date) async throws {
        try await writer.write { db in
            _ = try CancellationRequest.filter(key: id).updateAll(db, CancellationRequest.Columns.doneAt.set(to: now))
        }
    }

    /// Events starting in the interval that are still on, across the watched calendars, soonest first.
    public func upcomingEvents(startingBetween start: Date, and end: Date) async throws -> [StoredEvent] {
        try await readRepairing { db in
            try StoredEvent.filter(StoredEvent.Columns.status != "cancelled")
                .filter(StoredEvent.Columns.startAt > start && StoredEvent.Columns.startAt <= end)
                .order(StoredEvent.Columns.startAt).fetchAll(db)
        }
    }

    /// The calendars' own time zones, for events that carry none.
    public func calendarTimeZones() async throws -> [String: String] {
        try await readRepairing { db in
            Dictionary(uniqueKeysWithValues: try SyncState.fetchAll(db).compactMap { state in state.timeZone.map { (state.calendarID, $0) } })
        }
    }
}
