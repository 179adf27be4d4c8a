import Foundation
import GRDB

/// What a calendar sync reads and writes. The database implements it; `sync --dry-run` uses a
/// read-only view so that it changes nothing.
public protocol SyncStore: Sendable {
    func syncState(calendarID: String) async throws -> SyncState?
    func events(calendarID: String, ids: Set<String>) async throws -> [String: StoredEvent]
    /// Events nobody has been told about yet, starting in the interval (for `NOTIFY_HORIZON`).
    func unannouncedEvents(calendarID: String, startingBetween start: Date, and end: Date) async throws -> [StoredEvent]
    func apply(_ plan: SyncPlan) async throws
    /// Reschedules through Calendly that can still affect decisions.
    func openReschedules(at now: Date) async throws -> [Reschedule]
}

public enum SyncStoreError: Error {
    /// Another sync of the same calendar stored its result after this plan was made.
    case concurrentSync
}

extension AppDatabase: SyncStore {
    private typealias Columns = StoredEvent.Columns

    public func syncState(calendarID: String) async throws -> SyncState? {
        try await writer.read { db in try SyncState.fetchOne(db, key: calendarID) }
    }

    public func events(calendarID: String, ids: Set<String>) async throws -> [String: StoredEvent] {
        try await writer.read { db in try Self.events(db, calendarID: calendarID, ids: ids) }
    }

    public func unannouncedEvents(calendarID: String, startingBetween start: Date, and end: Date) async throws -> [StoredEvent] {
        try await writer.read { db in
            try StoredEvent
                .filter(Columns.calendarID == calendarID && Columns.status != "cancelled")
                .filter(Columns.startAt > start && Columns.startAt <= end)
                .filter(Columns.toldPhone == nil || Columns.toldCancelled)
                .fetchAll(db)
        }
    }

    /// Stores a sync's events, its messages and its new sync token together: a crash leaves
    /// either all of them or none, so no decision is lost and none is made twice.
    public func apply(_ plan: SyncPlan) async throws {
        try await writer.write { db in
            let current = try SyncState.fetchOne(db, key: plan.calendarID)
            guard current?.syncToken == plan.baseToken else { throw SyncStoreError.concurrentSync }
            for event in plan.events { try event.save(db) }
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
