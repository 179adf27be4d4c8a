import Foundation
import GRDB

/// An event by its calendar and id.
package struct EventKey: Hashable, Sendable {
    package var calendarID: String
    package var eventID: String

    package init(calendarID: String, eventID: String) {
        self.calendarID = calendarID
        self.eventID = eventID
    }
}

/// An attendee's session as the service knows it, for pages and replies.
public struct Session: Sendable, Equatable {
    public var calendarID: String
    public var eventID: String
    public var summary: String
    public var start: Date
    /// The event's zone, or its calendar's.
    public var timeZone: String?
    /// The attendees who were told the session is on, each in E.164.
    public var attendees: [String]
    /// The event's messages went to several attendees: a link must name the one it acts for.
    public var isGroup: Bool
    public var isCancelled: Bool
    /// When it ends (its length is kept when it moves, or is booked again).
    public var end: Date? = nil
    /// The event's location as the host wrote it.
    public var location: String? = nil
    /// For calendar feeds: Google's `iCalUID` and `sequence`, and a series instance's own start.
    public var iCalUID: String? = nil
    public var sequence: Int = 0
    public var originalStart: Date? = nil
    /// The event's `#lang`, which every message and page about it is written in.
    public var language: Language? = nil

    /// How long it lasts (an hour when the end is unknown): kept when it moves or is booked again.
    public var length: TimeInterval { max(0, (end ?? start.addingTimeInterval(3_600)).timeIntervalSince(start)) }

    /// The one attendee, of a one-attendee session or of a group link that names them.
    public var phone: String? { attendees.count == 1 ? attendees.first : nil }
}

extension AppDatabase {
    private typealias Columns = StoredEvent.Columns

    /// The stored event `eventID`, as attendee pages show it; nil when never seen or without a start.
    public func session(calendarID: String, eventID: String) async throws -> Session? {
        try await readRepairing { db in
            guard let event = try StoredEvent.fetchOne(db, key: [Columns.calendarID.name: calendarID, Columns.eventID.name: eventID])
            else { return nil }
            var messages = try OutboxMessage
                .filter(OutboxMessage.Columns.calendarID == calendarID && OutboxMessage.Columns.eventID == eventID)
                .order(OutboxMessage.Columns.id).fetchAll(db)
            if let seriesID = event.seriesID {
                // An instance of a repeating session: its attendees heard of it with the series.
                let instances = try String.fetchAll(db, StoredEvent.filter(Columns.calendarID == calendarID && Columns.seriesID == seriesID)
                    .select(Columns.eventID))
                messages += try OutboxMessage
                    .filter(OutboxMessage.Columns.calendarID == calendarID && instances.contains(OutboxMessage.Columns.eventID))
                    .filter(OutboxMessage.Columns.aboutSeries && OutboxMessage.Columns.eventID != eventID).fetchAll(db)
                messages.sort { ($0.id ?? 0) < ($1.id ?? 0) }
            }
            return Session(event, messages: messages, calendarTimeZone: try SyncState.fetchOne(db, key: calendarID)?.timeZone)
        }
    }

    /// The event as the last sync stored it.
    package func storedEvent(calendarID: String, eventID: String) async throws -> StoredEvent? {
        try await readRepairing { db in try Self.event(db, EventKey(calendarID: calendarID, eventID: eventID)) }
    }

    /// The sessions `phone` was told about and that are still on, starting in the interval, soonest
    /// first (`Session.attendeeSessions(told:…)` says which).
    public func sessions(of phone: String, startingBetween start: Date, and end: Date) async throws -> [Session] {
        try await readRepairing { db in
            let messages = try OutboxMessage.filter(OutboxMessage.Columns.phone == phone).order(OutboxMessage.Columns.id).fetchAll(db)
            let zones = Dictionary(uniqueKeysWithValues: try SyncState.fetchAll(db).map { ($0.calendarID, $0.timeZone) })
            return try Session.attendeeSessions(told: messages, of: phone, zones: zones, startingBetween: start, and: end) { key in
                try Self.event(db, key)
            } instances: { series in
                try StoredEvent.filter(Columns.calendarID == series.calendarID && Columns.seriesID == series.eventID).fetchAll(db)
            }
        }
    }

    private static func event(_ db: Database, _ key: EventKey) throws -> StoredEvent? {
        try StoredEvent.fetchOne(db, key: [Columns.calendarID.name: key.calendarID, Columns.eventID.name: key.eventID])
    }
}

extension Session {
    /// The sessions `phone` was told about and that are still on, starting in the interval, soonest
    /// first: the events whose latest message to them (that reached Twilio) did not cancel, and the
    /// instances of a repeating session announced to them and not cancelled since. `messages` are
    /// theirs, oldest first; `event` reads a stored event, `instances` a series' stored instances.
    /// Both stores' `sessions(of:…)` are this rule over their own reads.
    package static func attendeeSessions(
        told messages: [OutboxMessage], of phone: String, zones: [String: String?], startingBetween start: Date, and end: Date,
        event: (EventKey) throws -> StoredEvent?, instances: (_ series: EventKey) throws -> [StoredEvent]
    ) rethrows -> [Session] {
        var own: [EventKey: OutboxMessage] = [:]
        var series: [EventKey: OutboxMessage] = [:]
        for message in messages where message.state.hasReachedTwilio {
            let key = EventKey(calendarID: message.calendarID, eventID: message.eventID)
            guard message.aboutSeries else {
                own[key] = message
                continue
            }
            guard let seriesID = try event(key)?.seriesID else { continue }
            series[EventKey(calendarID: message.calendarID, eventID: seriesID)] = message
        }
        var events: [EventKey: StoredEvent] = [:]
        for (key, announcement) in series where announcement.kind == .scheduled {
            for instance in try instances(key) {
                let instanceKey = EventKey(calendarID: instance.calendarID, eventID: instance.eventID)
                // An instance's own later message (moved, cancelled) says more than the announcement.
                if let later = own[instanceKey], (later.id ?? 0) > (announcement.id ?? 0), later.kind == .cancelled { continue }
                events[instanceKey] = instance
            }
        }
        for (key, message) in own where message.kind != .cancelled {
            events[key] = try event(key)
        }
        // Whether each session has several attendees, as the latest message to this one says.
        let groups = Dictionary(own.map { ($0.key, $0.value.forGroup) } + series.map { ($0.key, $0.value.forGroup) }) { $1 }
        return attendeeSessions(events.values, of: phone, zones: zones, startingBetween: start, and: end) {
            groups[EventKey(calendarID: $0, eventID: $1)]
        }
    }

    /// `events` as `phone`'s sessions starting in the interval, soonest first, cancelled ones
    /// left out: each a group session when the latest message to them about it, or about its
    /// series, says so (`isGroup(calendarID, eventID)`).
    private static func attendeeSessions(
        _ events: some Collection<StoredEvent>, of phone: String, zones: [String: String?], startingBetween start: Date, and end: Date,
        isGroup: (String, String) -> Bool?
    ) -> [Session] {
        events.compactMap { event in
            Session(event, messages: [], calendarTimeZone: zones[event.calendarID] ?? nil).map { session in
                var session = session
                session.attendees = [phone]
                session.isGroup = isGroup(event.calendarID, event.eventID) ?? event.seriesID.flatMap { isGroup(event.calendarID, $0) } ?? false
                return session
            }
        }
        .filter { !$0.isCancelled && $0.start > start && $0.start <= end }
        .sorted { $0.start < $1.start }
    }

    /// The session an event stands for, in the event's zone or else its calendar's; nil without a
    /// start. `messages` are the event's messages, oldest first: they say who was told.
    package init?(_ event: StoredEvent, messages: [OutboxMessage], calendarTimeZone: String?) {
        guard let start = event.startAt else { return nil }
        var told: [String: OutboxMessage] = [:]
        var order: [String] = []
        for message in messages where message.state.hasReachedTwilio {
            if told[message.phone] == nil { order.append(message.phone) }
            told[message.phone] = message
        }
        self.init(
            calendarID: event.calendarID, eventID: event.eventID, summary: event.summary, start: start,
            timeZone: event.timeZone ?? calendarTimeZone,
            attendees: order.filter { told[$0]?.kind != .cancelled },
            isGroup: messages.last?.forGroup ?? false,
            isCancelled: event.status == "cancelled" || CancelledTitle.matches(event.summary),
            end: event.endAt, location: event.location, iCalUID: event.iCalUID, sequence: event.sequence,
            originalStart: event.originalStartAt,
            language: EventDescription(event.description).language)
    }
}

/// A row of `inbound`: an attendee's message, the answer it got (a retried webhook gets the same
/// one), what it did, and the session it was about.
public struct InboundReply: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "inbound"

    public var messageSID: String
    public var phone: String
    public var reply: String
    public var receivedAt: Date
    /// What the reply did: `confirmed`, `asked to cancel`, `cancelled`, `opted out`, `listed`…
    public var action: String?
    public var calendarID: String?
    public var eventID: String?

    public init(messageSID: String, phone: String, reply: String, receivedAt: Date, action: String?, calendarID: String?,
                eventID: String?) {
        self.messageSID = messageSID
        self.phone = phone
        self.reply = reply
        self.receivedAt = receivedAt
        self.action = action
        self.calendarID = calendarID
        self.eventID = eventID
    }

    enum CodingKeys: String, CodingKey {
        case messageSID = "message_sid", phone, reply, receivedAt = "received_at", action
        case calendarID = "calendar_id", eventID = "event_id"
    }

    public enum Columns {
        static let receivedAt = Column(CodingKeys.receivedAt)
        static let action = Column(CodingKeys.action)
        static let phone = Column(CodingKeys.phone)
    }
}

extension AppDatabase {
    /// The reply already given to Twilio's inbound message `sid`, if it came before (Twilio retries).
    public func inboundReply(messageSID sid: String) async throws -> String? {
        try await readRepairing { db in try InboundReply.fetchOne(db, key: sid)?.reply }
    }

    /// Keeps the reply; if a concurrent retry stored one first, that one is returned, so every
    /// answer to the same message is the same.
    package func saveInboundReply(_ inbound: InboundReply) async throws -> (reply: String, saved: Bool) {
        try await writer.write { db in
            try inbound.insert(db, onConflict: .ignore)
            let saved = db.changesCount > 0
            return (try InboundReply.fetchOne(db, key: inbound.messageSID)?.reply ?? inbound.reply, saved)
        }
    }
}
