import Foundation
import GRDB

/// One bad row never stops the others (DESIGN.md §22). A date the store cannot read back (a
/// five-digit year typed by hand, a row an older version or a manual edit left) would make every
/// query that reads its table fail, and with it every message. The sync no longer stores such
/// dates; rows that have one anyway are repaired: the session is failed with the reason, shown red,
/// and its date replaced by one that reads, so that everything else goes on.
extension AppDatabase {
    /// Dates as GRDB writes them: `2026-12-06 15:30:00.000`.
    private static let readableDate = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]*"

    private static func unreadable(_ column: String) -> String {
        "(\(column) IS NOT NULL AND (typeof(\(column)) != 'text' OR \(column) NOT GLOB '\(readableDate)' OR length(\(column)) > 23))"
    }

    /// Why some rows cannot be read, for `/healthz`; nil when every date reads.
    public func unreadableRows() async -> String? {
        let counts = try? await writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM events WHERE \(Self.unreadable("start_at")) OR \(Self.unreadable("end_at"))") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE \(Self.unreadable("start_at")) OR \(Self.unreadable("previous_start_at"))") ?? 0)
        }
        guard let (events, messages) = counts, events + messages > 0 else { return nil }
        return "\(events) event(s) and \(messages) message(s) have a date that cannot be read; they are repaired and failed on the next sync or send"
    }

    /// Repairs every row with an unreadable date; returns how many it changed.
    @discardableResult
    public func repairUnreadableRows() async throws -> Int {
        try await writer.write { db in try Self.repairUnreadableRows(db) }
    }

    /// Events lose the date (they are notifiable again once the host fixes it) and say why;
    /// messages not sent yet are failed with the reason; each gets a date that reads.
    static func repairUnreadableRows(_ db: Database) throws -> Int {
        // `changesCount` counts the last statement only; the total over the repair is what matters.
        let before = db.totalChangesCount
        try db.execute(sql: """
            UPDATE events SET
                time_problem = 'Not sent: the start time "' || CAST(start_at AS TEXT) || '" cannot be read; check the event''s date.',
                start_at = NULL, end_at = NULL
            WHERE \(unreadable("start_at"));
            UPDATE events SET end_at = NULL WHERE \(unreadable("end_at"));
            UPDATE events SET original_start_at = NULL WHERE \(unreadable("original_start_at"));
            """)
        try db.execute(sql: """
            UPDATE outbox SET
                state = CASE WHEN state IN ('pending', 'unknown', 'sending') THEN 'failed' ELSE state END,
                error = CASE WHEN state IN ('pending', 'unknown', 'sending')
                    THEN 'not sent: its start time "' || CAST(start_at AS TEXT) || '" cannot be read' ELSE error END,
                writeback_due = 1,
                start_at = created_at
            WHERE \(unreadable("start_at"));
            """)
        try db.execute(sql: "UPDATE outbox SET previous_start_at = NULL WHERE \(unreadable("previous_start_at"))")
        return db.totalChangesCount - before
    }

    /// Reads; when the read fails because a row cannot be decoded, repairs such rows and reads
    /// again, so that one bad row costs one repair, not every later read.
    func readRepairing<Value: Sendable>(_ read: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        do {
            return try await writer.read(read)
        } catch {
            guard try await repairUnreadableRows() > 0 else { throw error }
            return try await writer.read(read)
        }
    }
}
