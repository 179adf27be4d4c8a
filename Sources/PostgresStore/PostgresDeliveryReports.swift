import Foundation
import Notifier
import PostgresNIO

/// Delivery reports with several workers (DESIGN.md §27): the provider sends the reports of one
/// message to any worker, repeated and out of order, possibly to two at the same instant, and
/// possibly before the send's own answer reached the worker that sent it. The reports of one
/// message are serialised by a transaction lock on its id (SQLite's single writer did this for one
/// process), so the message only moves forward, whoever takes each report.
extension PostgresAppDatabase {
    /// Keeps the provider's report on message `sid` (until its send is answered) and applies it
    /// when it moves the message forward.
    public func deliveryReport(sid: String, state: OutboxMessage.State, error: String?, at now: Date) async throws -> DeliveryReportEffect {
        guard state.deliveryRank >= OutboxMessage.State.sent.deliveryRank else { return .noNews }
        return try await Self.reportPruning.along(at: now) { prune in try await write { db in
            try await Self.lockReports(of: sid, on: db)
            let kept = try await Self.keptReport(sid, on: db)
            // A failure after delivery is not kept: it would hide a later `read`, and turn the
            // event red once the send's answer came.
            let keeps = state.advances(over: kept?.state ?? .pending)
            if keeps {
                try await db.execute("""
                    INSERT INTO delivery_reports (twilio_sid, state, error, received_at) VALUES (\(sid), \(state.rawValue), \(error), \(now))
                    ON CONFLICT (twilio_sid) DO UPDATE SET state = excluded.state, error = excluded.error, received_at = excluded.received_at
                    """)
            }
            // Reports of messages that are no outbox row (Meta's statuses of conversation
            // replies) would stay for ever: now and then, those older than two days go.
            if prune {
                try await db.execute("DELETE FROM delivery_reports WHERE received_at < \(now.addingTimeInterval(-2 * 86_400))")
            }
            if try await Self.applyKeptReport(sid, on: db) { return .applied }
            // Kept for a send not answered yet. A message whose send is answered (its kept report
            // pruned since) has only had news it already had: logging it would be noise.
            let answered = try await db.value(Int.self, "SELECT 1 FROM outbox WHERE twilio_sid = \(sid)") != nil
            return keeps && !answered ? .kept : .noNews
        } }
    }

    /// Reports kept longer than two days belong to no outbox row: they go. Returns how many.
    @discardableResult
    public func pruneDeliveryReports(before date: Date) async throws -> Int {
        try await write { db in try await db.changes("DELETE FROM delivery_reports WHERE received_at < \(date) RETURNING 1") }
    }

    static func lockReports(of sid: String, on db: PostgresSession) async throws {
        try await db.execute("SELECT pg_advisory_xact_lock(\(PostgresLocks.reports), hashtext(\(sid)))")
    }

    private static func keptReport(_ sid: String, on db: PostgresSession) async throws -> (state: OutboxMessage.State, error: String?)? {
        for try await (state, error) in try await db.connection.query(
            "SELECT state, error FROM delivery_reports WHERE twilio_sid = \(sid)", logger: db.logger).decode((String, String?).self) {
            return OutboxMessage.State(rawValue: state).map { ($0, error) }
        }
        return nil
    }

    /// Moves the message with `sid` to its kept report's state if that is further along; the
    /// calendar is to show it only when the outcome changes (sent → delivered → read shows nothing new).
    static func applyKeptReport(_ sid: String, on db: PostgresSession) async throws -> Bool {
        guard let report = try await keptReport(sid, on: db),
              let current = try await db.value(String.self, "SELECT state FROM outbox WHERE twilio_sid = \(sid) FOR UPDATE")
                .flatMap(OutboxMessage.State.init(rawValue:)),
              report.state.advances(over: current)
        else { return false }
        let error = report.state.outcome == .failed ? report.error : nil
        let showing = report.state.outcome != current.outcome
        try await db.execute("""
            UPDATE outbox SET state = \(report.state.rawValue), error = \(error), writeback_due = writeback_due OR \(showing)
            WHERE twilio_sid = \(sid)
            """)
        return true
    }

    /// Pruning old reports at most once an hour per worker.
    static let reportPruning = HourlyChore()
}
