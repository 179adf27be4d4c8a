import CalendarModel
import Foundation
import GRDB

/// What a calendar sync reads and writes. The database implements it; `sync --dry-run` uses a
/// read-only view so that it changes nothing.
public protocol SyncStore: Sendable {
    func syncState(calendarID: String) async throws -> SyncState?
    func events(calendarID: String, ids: Set<String>) async throws -> [String: StoredEvent]
    /// The events still on that start in the interval (those held back by `NOTIFY_HORIZON` among them).
    func upcomingEvents(calendarID: String, startingBetween start: Date, and end: Date) async throws -> [StoredEvent]
    /// Every stored instance of these repeating events.
    func seriesInstances(calendarID: String, seriesIDs: Set<String>) async throws -> [StoredEvent]
    /// Each attendee's messages about each of these events.
    func attendeeLedgers(calendarID: String, eventIDs: Set<String>) async throws -> [String: [PhoneNumber: AttendeeLedger]]
    func apply(_ plan: SyncPlan) async throws
    /// Reschedules through Calendly that can still affect decisions.
    func openReschedules(at now: Date) async throws -> [Reschedule]
}

public enum SyncStoreError: Error {
    /// Another sync of the same calendar stored its result after this plan was made.
    case concurrentSync
}

extension AppDatabase {
    private typealias Columns = StoredEvent.Columns

    public func syncState(calendarID: String) async throws -> SyncState? {
        try await readRepairing { db in try SyncState.fetchOne(db, key: calendarID) }
    }

    public func events(calendarID: String, ids: Set<String>) async throws -> [String: StoredEvent] {
        try await readRepairing { db in try Self.events(db, calendarID: calendarID, ids: ids) }
    }

    public func upcomingEvents(calendarID: String, startingBetween start: Date, and end: Date) async throws -> [StoredEvent] {
        try await readRepairing { db in
            try StoredEvent
                .filter(Columns.calendarID == calendarID && Columns.status != "cancelled")
                .filter(Columns.startAt > start && Columns.startAt <= end)
                .fetchAll(db)
        }
    }

    public func seriesInstances(calendarID: String, seriesIDs: Set<String>) async throws -> [StoredEvent] {
        guard !seriesIDs.isEmpty else { return [] }
        return try await readRepairing { db in
            try StoredEvent.filter(Columns.calendarID == calendarID && seriesIDs.contains(Columns.seriesID)).fetchAll(db)
        }
    }

    public func attendeeLedgers(calendarID: String, eventIDs: Set<String>) async throws -> [String: [PhoneNumber: AttendeeLedger]] {
        try await readRepairing { db in
            var ledgers: [String: [PhoneNumber: AttendeeLedger]] = [:]
            for chunk in Array(eventIDs).chunked(by: 500) {
                let messages = try OutboxMessage
                    .filter(OutboxMessage.Columns.calendarID == calendarID && chunk.contains(OutboxMessage.Columns.eventID))
                    .order(OutboxMessage.Columns.id).fetchAll(db)
                AttendeeLedger.add(messages, to: &ledgers)
            }
            return ledgers
        }
    }

    /// Stores a sync's events, its messages and its new sync token together: a crash leaves
    /// either all of them or none, so no decision is lost and none is made twice.
    public func apply(_ plan: SyncPlan) async throws {
        try await writer.write { db in
            let current = try SyncState.fetchOne(db, key: plan.calendarID)
            guard current?.syncToken == plan.baseToken else { throw SyncStoreError.concurrentSync }
            // The write-back may have patched an event since this sync read it: what it wrote
            // (description, colour, etag) is newer than the listing and stays, or the next
            // write-back would compare against a version the calendar no longer holds. A query per
            // 500 of them: a full sync plans every event of the calendar (one query with a term
            // per key broke SQLite's expression depth limit beyond 1,000 events).
            let stored = try Self.events(db, calendarID: plan.calendarID, ids: Set(plan.events.map(\.eventID)))
            var inserted = Set<String>()
            for var event in plan.events {
                // The rows read above say which events are new: those are inserted at once (`save`
                // tries an update first). Any other is saved: Swift's string keys match ids that
                // SQLite, comparing bytes, holds apart, and a listing may name one event twice.
                guard let stored = stored[event.eventID] else {
                    if inserted.insert(event.eventID).inserted { try event.insert(db) } else { try event.save(db) }
                    continue
                }
                if let storedAt = stored.updatedAt.flatMap(RFC3339.date(from:)),
                   storedAt > (event.updatedAt.flatMap(RFC3339.date(from:)) ?? .distantPast) {
                    (event.description, event.colorID, event.etag, event.updatedAt) = (stored.description, stored.colorID, stored.etag, stored.updatedAt)
                }
                try event.save(db)
            }
            // A message handed to Twilio since the plan was made cannot be replaced: plan again.
            let replaced = try OutboxMessage.filter(keys: plan.superseded).filter(OutboxMessage.Columns.state == OutboxMessage.State.pending)
                .updateAll(db, OutboxMessage.Columns.state.set(to: OutboxMessage.State.skipped),
                           OutboxMessage.Columns.error.set(to: OutboxMessage.supersededReason))
            guard replaced == plan.superseded.count else { throw SyncStoreError.concurrentSync }
            for var notice in plan.notices { try notice.insert(db, onConflict: .ignore) }
            for claim in plan.ledger.claims {
                // Another sync (of another calendar) may have claimed the booking first.
                let claimed = try Reschedule.filter(key: claim.token).filter(Reschedule.Columns.newEventID == nil).updateAll(
                    db, Reschedule.Columns.newCalendarID.set(to: claim.newCalendarID), Reschedule.Columns.newEventID.set(to: claim.newEventID))
                guard claimed == 1 else { throw SyncStoreError.concurrentSync }
            }
            try plan.state.save(db)
        }
    }

    static func events(_ db: Database, calendarID: String, ids: Set<String>) throws -> [String: StoredEvent] {
        var found: [String: StoredEvent] = [:]
        // SQLite limits bound parameters; chunks keep large full syncs within it.
        for chunk in Array(ids).chunked(by: 500) {
            let rows = try StoredEvent
                .filter(Columns.calendarID == calendarID && chunk.contains(Columns.eventID))
                .fetchAll(db)
            for row in rows { found[row.eventID] = row }
        }
        return found
    }
}

extension Array {
    func chunked(by size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
