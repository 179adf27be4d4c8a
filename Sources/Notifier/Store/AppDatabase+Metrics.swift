public import Foundation
import GRDB

/// What `/metrics` reads from the database at scrape time, so the figures are right after a
/// restart too: counts that counters in memory would lose.
public struct StoredFigures: Sendable {
    /// Messages ever decided, by kind (`scheduled`, `rescheduled`, `cancelled`, `reminder`) and state.
    public var messages: [(kind: String, state: String, count: Int)] = []
    /// Attendees' messages, by what they did (`confirmed`, `asked to cancel`, `opted out`, `listed`…).
    public var replies: [(action: String, count: Int)] = []
    /// Messages still to send (pending, sending, or waiting to be reconciled).
    public var outboxDepth = 0
    /// How long the oldest message due has been waiting, in seconds (0 when none is due).
    public var oldestDueSeconds: Double = 0
    /// Each watched calendar's live push channel and when it expires.
    public var pushChannelExpiry: [(calendarID: String, expiresAt: Date)] = []

    public init() {}

    /// How many messages are in each state, every state listed (zero included): `messages` summed
    /// over kinds (a query of its own scanned the outbox a second time each scrape).
    public var countsByState: [(state: String, count: Int)] {
        let counts = messages.reduce(into: [String: Int]()) { $0[$1.state, default: 0] += $1.count }
        return OutboxMessage.State.allCases.map { ($0.rawValue, counts[$0.rawValue] ?? 0) }
    }
}

extension AppDatabase {
    public func storedFigures(now: Date) async throws -> StoredFigures {
        try await readRepairing { db in
            var figures = StoredFigures()
            figures.messages = try Row.fetchAll(db, sql: "SELECT kind, state, count(*) FROM outbox GROUP BY kind, state")
                .map { (kind: $0[0], state: $0[1], count: $0[2]) }
            figures.replies = try Row.fetchAll(db, sql: "SELECT coalesce(action, 'none'), count(*) FROM inbound GROUP BY 1")
                .map { (action: $0[0], count: $0[1]) }
            figures.outboxDepth = try OutboxMessage.filter(OutboxMessage.stillToSend).fetchCount(db)
            if let oldest = try Date.fetchOne(db, OutboxMessage.select(min(OutboxMessage.Columns.nextAttemptAt))
                .filter(OutboxMessage.stillToSend).filter(OutboxMessage.Columns.nextAttemptAt <= now)) {
                figures.oldestDueSeconds = max(0, now.timeIntervalSince(oldest))
            }
            figures.pushChannelExpiry = try Row.fetchAll(db, sql: """
                SELECT calendar_id, max(expires_at) FROM push_channels
                WHERE stopped_at IS NULL AND expires_at IS NOT NULL GROUP BY calendar_id
                """).compactMap { row in (row[1] as Date?).map { (calendarID: row[0], expiresAt: $0) } }
            return figures
        }
    }
}
