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
    /// The stored event `eventID`, as attendee pages show it; nil when never seen or without a start.
    public func session(calendarID: String, eventID: String) async throws -> Session? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT e.*, s.time_zone AS calendar_time_zone FROM events e
                LEFT JOIN sync_state s ON s.calendar_id = e.calendar_id
                WHERE e.calendar_id = ? AND e.event_id = ?
                """, arguments: [calendarID, eventID]).flatMap(Session.init(row:))
        }
    }

    /// The sessions `phone` has been told about and that are still on, starting in the interval, soonest first.
    public func sessions(of phone: String, startingBetween start: Date, and end: Date) async throws -> [Session] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT e.*, s.time_zone AS calendar_time_zone FROM events e
                LEFT JOIN sync_state s ON s.calendar_id = e.calendar_id
                WHERE e.told_phone = ? AND NOT e.told_cancelled AND e.status != 'cancelled'
                  AND e.start_at > ? AND e.start_at <= ?
                ORDER BY e.start_at
                """, arguments: [phone, start, end]).compactMap(Session.init(row:))
        }
    }
}

extension Session {
    init?(row: Row) {
        guard let start: Date = row["start_at"] else { return nil }
        let summary: String = row["summary"]
        let status: String = row["status"]
        self.init(
            calendarID: row["calendar_id"], eventID: row["event_id"], summary: summary, start: start,
            timeZone: row["time_zone"] ?? row["calendar_time_zone"], phone: row["told_phone"],
            isCancelled: status == "cancelled" || summary.lowercased().hasPrefix("cancel"))
    }
}

extension AppDatabase {
    /// The reply already given to Twilio's inbound message `sid`, if it came before (Twilio retries).
    public func inboundReply(messageSID sid: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT reply FROM inbound WHERE message_sid = ?", arguments: [sid])
        }
    }

    /// Keeps the reply to `sid`; if a concurrent retry stored one first, that one is returned, so
    /// every answer to the same message is the same.
    public func saveInboundReply(messageSID sid: String, phone: String, reply: String, at now: Date) async throws -> String {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO inbound (message_sid, phone, reply, received_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (message_sid) DO NOTHING
                """, arguments: [sid, phone, reply, now])
            return try String.fetchOne(db, sql: "SELECT reply FROM inbound WHERE message_sid = ?", arguments: [sid]) ?? reply
        }
    }
}
