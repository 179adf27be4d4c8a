import Foundation
import Logging
import Notifier
import PostgresNIO

/// Delivery reports with several workers (DESIGN.md §27): the provider sends the reports of one
/// message to any worker, repeated and out of order, possibly to two at the same instant, and
/// possibly before the send's own answer reached the worker that sent it. The reports of one
/// message are serialised by a transaction lock on its id (SQLite's single writer did this for one
/// process), so the message only moves forward, whoever takes each report.
extension PostgresAppDatabase {
    /// Keeps the provider's report on message `sid` (until its send is answered) and applies it
    /// when it moves the message forward; true when the message's state changed.
    public func recordDeliveryReport(sid: String, state: OutboxMessage.State, error: String?, at now: Date) async throws -> Bool {
        guard state.deliveryRank >= OutboxMessage.State.sent.deliveryRank else { return false }
        return try await client.withTransaction(logger: logger) { connection in
            try await Self.lockReports(of: sid, on: connection, logger: logger)
            let kept = try await Self.keptReport(sid, on: connection, logger: logger)
            // A failure after delivery is not kept: it would hide a later `read`, and turn the
            // event red once the send's answer came.
            if state.advances(over: kept?.state ?? .pending) {
                try await connection.query("""
                    INSERT INTO delivery_reports (twilio_sid, state, error, received_at) VALUES (\(sid), \(state.rawValue), \(error), \(now))
                    ON CONFLICT (twilio_sid) DO UPDATE SET state = excluded.state, error = excluded.error, received_at = excluded.received_at
                    """, logger: logger)
            }
            return try await Self.applyKeptReport(sid, on: connection, logger: logger)
        }
    }

    /// The provider accepted the message: its id is stored and the calendar is to show the
    /// outcome; a report that overtook the answer (kept above) applies now. Ends the claim.
    public func recordAccepted(_ id: Int64, sid: String) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await Self.lockReports(of: sid, on: connection, logger: logger)
            try await connection.query("""
                UPDATE outbox SET state = 'queued', error = NULL, writeback_due = true, twilio_sid = \(sid),
                    claimed_by = NULL, lease_until = NULL
                WHERE id = \(id)
                """, logger: logger)
            _ = try await Self.applyKeptReport(sid, on: connection, logger: logger)
        }
    }

    /// Reports kept longer than two days belong to no outbox row (Meta's statuses of
    /// conversation replies): they go. Returns how many.
    @discardableResult
    public func pruneDeliveryReports(before date: Date) async throws -> Int {
        var count = 0
        for try await _ in try await client.query(
            "DELETE FROM delivery_reports WHERE received_at < \(date) RETURNING 1", logger: logger).decode(Int.self) {
            count += 1
        }
        return count
    }

    private static func lockReports(of sid: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresLocks.reports), hashtext(\(sid)))", logger: logger)
    }

    private static func keptReport(_ sid: String, on connection: PostgresConnection, logger: Logger) async throws
        -> (state: OutboxMessage.State, error: String?)? {
        for try await (state, error) in try await connection.query(
            "SELECT state, error FROM delivery_reports WHERE twilio_sid = \(sid)", logger: logger).decode((String, String?).self) {
            return OutboxMessage.State(rawValue: state).map { ($0, error) }
        }
        return nil
    }

    /// Moves the message with `sid` to its kept report's state if that is further along; the
    /// calendar is to show it only when the outcome changes (sent → delivered → read shows nothing new).
    private static func applyKeptReport(_ sid: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        guard let report = try await keptReport(sid, on: connection, logger: logger) else { return false }
        var current: OutboxMessage.State?
        for try await state in try await connection.query(
            "SELECT state FROM outbox WHERE twilio_sid = \(sid) FOR UPDATE", logger: logger).decode(String.self) {
            current = OutboxMessage.State(rawValue: state)
        }
        guard let current, report.state.advances(over: current) else { return false }
        let error = report.state.outcome == .failed ? report.error : nil
        let showing = report.state.outcome != current.outcome
        try await connection.query("""
            UPDATE outbox SET state = \(report.state.rawValue), error = \(error), writeback_due = writeback_due OR \(showing)
            WHERE twilio_sid = \(sid)
            """, logger: logger)
        return true
    }
}
