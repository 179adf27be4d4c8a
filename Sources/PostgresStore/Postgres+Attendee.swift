import Foundation
import Notifier
import PostgresNIO

/// An attendee's sessions as the service knows them, for pages and replies, and the replies
/// given to their messages (DESIGN.md §27: any worker serves any page or webhook). Reads only,
/// but for `saveInboundReply`, where two workers may take the same retried webhook at once.
extension PostgresAppDatabase {
    /// The stored event `eventID`, as attendee pages show it; nil when never seen or without a start.
    public func session(calendarID: String, eventID: String) async throws -> Session? {
        try await read { db in
            guard let event = try await Self.attendeeEvent(db, EventKey(calendarID: calendarID, eventID: eventID)) else { return nil }
            var messages = try await db.records(OutboxMessage.self, """
                SELECT row_to_json(o)::text FROM outbox o WHERE calendar_id = \(calendarID) AND event_id = \(eventID) ORDER BY id
                """)
            if let seriesID = event.seriesID {
                // An instance of a repeating session: its attendees heard of it with the series.
                let instances = try await db.values(String.self, """
                    SELECT event_id FROM events WHERE calendar_id = \(calendarID) AND series_id = \(seriesID)
                    """)
                let announcements = try await db.records(OutboxMessage.self, """
                    SELECT row_to_json(o)::text FROM outbox o
                    WHERE calendar_id = \(calendarID) AND event_id = ANY(\(instances)) AND about_series AND event_id <> \(eventID)
                    """)
                messages += announcements
                messages.sort { ($0.id ?? 0) < ($1.id ?? 0) }
            }
            let zone = try await db.record(SyncState.self, """
                SELECT row_to_json(s)::text FROM sync_state s WHERE calendar_id = \(calendarID)
                """)?.timeZone
            return Session(event, messages: messages, calendarTimeZone: zone)
        }
    }

    /// The event as the last sync stored it.
    public func storedEvent(calendarID: String, eventID: String) async throws -> StoredEvent? {
        try await read { db in try await Self.attendeeEvent(db, EventKey(calendarID: calendarID, eventID: eventID)) }
    }

    /// The sessions `phone` was told about and that are still on, starting in the interval, soonest
    /// first (`Session.attendeeSessions(told:…)` says which). The events of their messages and the
    /// instances of the series announced to them are read in two queries first, for the rule to
    /// look up.
    public func sessions(of phone: String, startingBetween start: Date, and end: Date) async throws -> [Session] {
        try await read { db in
            let messages = try await db.records(OutboxMessage.self, """
                SELECT row_to_json(o)::text FROM outbox o WHERE phone = \(phone) ORDER BY id
                """)
            var zones: [String: String?] = [:]
            for try await (calendarID, zone) in try await db.connection.query(
                "SELECT calendar_id, time_zone FROM sync_state", logger: db.logger).decode((String, String?).self) {
                zones.updateValue(zone, forKey: calendarID)
            }
            let told = try await db.records(StoredEvent.self, """
                SELECT row_to_json(e)::text FROM events e
                WHERE (calendar_id, event_id) IN (SELECT calendar_id, event_id FROM outbox WHERE phone = \(phone))
                """)
            let instances = try await db.records(StoredEvent.self, """
                SELECT row_to_json(e)::text FROM events e
                WHERE (calendar_id, series_id) IN (
                    SELECT o.calendar_id, s.series_id FROM outbox o
                    JOIN events s ON s.calendar_id = o.calendar_id AND s.event_id = o.event_id
                    WHERE o.phone = \(phone) AND o.about_series AND s.series_id IS NOT NULL)
                """)
            let events = Dictionary(told.map { (EventKey(calendarID: $0.calendarID, eventID: $0.eventID), $0) }) { $1 }
            let bySeries = Dictionary(grouping: instances) { EventKey(calendarID: $0.calendarID, eventID: $0.seriesID ?? "") }
            return Session.attendeeSessions(told: messages, of: phone, zones: zones, startingBetween: start, and: end) {
                events[$0]
            } instances: { bySeries[$0] ?? [] }
        }
    }

    /// The reply already given to Twilio's inbound message `sid`, if it came before (Twilio retries).
    public func inboundReply(messageSID sid: String) async throws -> String? {
        try await read { db in try await db.value(String.self, "SELECT reply FROM inbound WHERE message_sid = \(sid)") }
    }

    /// Keeps the reply; if a concurrent retry stored one first, that one is returned, so every
    /// answer to the same message is the same. A retry taken by another worker at the same
    /// instant: its insert waits for this one's, inserts nothing, and reads this reply (the
    /// read after it, a statement of its own, sees what was committed meanwhile).
    package func saveInboundReply(_ inbound: InboundReply) async throws -> (reply: String, saved: Bool) {
        try await write { db in
            // Another worker may be saving its answer to the same message this instant: the
            // insert that loses waits for it and inserts nothing.
            let saved = try await db.insert(inbound, into: "inbound", onConflictDoNothing: true, returningKey: "message_sid") != nil
            let reply = try await db.value(String.self, "SELECT reply FROM inbound WHERE message_sid = \(inbound.messageSID)")
            return (reply ?? inbound.reply, saved)
        }
    }

    private static func attendeeEvent(_ db: PostgresSession, _ key: EventKey) async throws -> StoredEvent? {
        try await db.record(StoredEvent.self, """
            SELECT row_to_json(e)::text FROM events e WHERE calendar_id = \(key.calendarID) AND event_id = \(key.eventID)
            """)
    }
}

