import Foundation
import GRDB

/// An attendee's session as the service knows it, for pages and replies.
public struct Session: Sendable, Equatable {
    public var calendarID: String
    public var eventID: String
    public var summary: String
    public var start: Date
    /// The event's zone, or its calendar's.
    public var timeZone: String?
    public var phone: String?
    public var isCancelled: Bool
}

extension AppDatabase {
    private typealias Columns = StoredEvent.Columns

    /// The stored event `eventID`, as attendee pages show it; nil when never seen or without a start.
    public func session(calendarID: String, eventID: String) async throws -> Session? {
        try await writer.read { db in
            try StoredEvent.fetchOne(db, key: [Columns.calendarID.name: calendarID, Columns.eventID.name: eventID])
                .flatMap { try Session($0, calendarTimeZone: SyncState.fetchOne(db, key: calendarID)?.timeZone) }
        }
    }

    /// The sessions `phone` has been told about and that are still on, starting in the interval, soonest first.
    public func sessions(of phone: String, startingBetween start: Date, and end: Date) async throws -> [Session] {
        try await writer.read { db in
            let events = try StoredEvent
                .filter(Columns.toldPhone == phone && !Columns.toldCancelled && Columns.status != "cancelled")
                .filter(Columns.startAt > start && Columns.startAt <= end)
                .order(Columns.startAt).fetchAll(db)
            let zones = Dictionary(uniqueKeysWithValues: try SyncState.fetchAll(db).map { ($0.calendarID, $0.timeZone) })
            return events.compactMap { Session($0, calendarTimeZone: zones[$0.calendarID] ?? nil) }
        }
    }
}

extension Session {
    /// The session an event stands for, in the event's zone or else its calendar's; nil without a start.
    init?(_ event: StoredEvent, calendarTimeZone: String?) {
        guard let start = event.startAt else { return nil }
        self.init(
            calendarID: event.calendarID, eventID: event.eventID, summary: event.summary, start: start,
            timeZone: event.timeZone ?? calendarTimeZone, phone: event.toldPhone,
            isCancelled: event.status == "cancelled" || event.summary.lowercased().hasPrefix("cancel"))
    }
}

/// A row of `inbound`: Twilio's inbound message and the answer it got, so that a retried webhook
/// gets the same answer.
struct InboundReply: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "inbound"

    var messageSID: String
    var phone: String
    var reply: String
    var receivedAt: Date

    enum CodingKeys: String, CodingKey {
        case messageSID = "message_sid", phone, reply, receivedAt = "received_at"
    }
}

extension AppDatabase {
    /// The reply already given to Twilio's inbound message `sid`, if it came before (Twilio retries).
    public func inboundReply(messageSID sid: String) async throws -> String? {
        try await writer.read { db in try InboundReply.fetchOne(db, key: sid)?.reply }
    }

    /// Keeps the reply to `sid`; if a concurrent retry stored one first, that one is returned, so
    /// every answer to the same message is the same.
    public func saveInboundReply(messageSID sid: String, phone: String, reply: String, at now: Date) async throws -> String {
        try await writer.write { db in
            try InboundReply(messageSID: sid, phone: phone, reply: reply, receivedAt: now).insert(db, onConflict: .ignore)
            return try InboundReply.fetchOne(db, key: sid)?.reply ?? reply
        }
    }
}
