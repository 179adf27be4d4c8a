import Foundation
import Notifier
import PostgresNIO

/// What `/metrics` reads from the database at scrape time, as in SQLite (`AppDatabase+Metrics.swift`):
/// counts that counters in one worker's memory would lose, and that no one worker sees whole.
extension PostgresAppDatabase {
    /// Read statement by statement (no snapshot): each figure is right as of its own read.
    public func storedFigures(now: Date) async throws -> StoredFigures {
        try await read { db -> StoredFigures in
            var figures = StoredFigures()
            for try await (kind, state, count) in try await db.connection.query(
                "SELECT kind, state, count(*) FROM outbox GROUP BY kind, state ORDER BY 1, 2",
                logger: db.logger).decode((String, String, Int).self) {
                figures.messages.append((kind: kind, state: state, count: count))
            }
            for try await (action, count) in try await db.connection.query(
                "SELECT COALESCE(action, 'none'), count(*) FROM inbound GROUP BY 1 ORDER BY 1",
                logger: db.logger).decode((String, Int).self) {
                figures.replies.append((action: action, count: count))
            }
            figures.outboxDepth = try await db.value(Int.self, """
                SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending', 'unknown')
                """) ?? 0
            if let oldest = try await db.value(Date.self, """
                SELECT next_attempt_at FROM outbox
                WHERE state IN ('pending', 'sending', 'unknown') AND next_attempt_at <= \(now)
                ORDER BY next_attempt_at LIMIT 1
                """) {
                figures.oldestDueSeconds = max(0, now.timeIntervalSince(oldest))
            }
            for try await (calendarID, expiresAt) in try await db.connection.query("""
                SELECT calendar_id, max(expires_at) FROM push_channels
                WHERE stopped_at IS NULL AND expires_at IS NOT NULL GROUP BY calendar_id ORDER BY 1
                """, logger: db.logger).decode((String, Date).self) {
                figures.pushChannelExpiry.append((calendarID: calendarID, expiresAt: expiresAt))
            }
            return figures
        }
    }
}
