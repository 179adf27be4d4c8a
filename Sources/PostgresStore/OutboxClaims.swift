import Foundation
import Notifier
import PostgresNIO

/// The outbox shared by several workers (DESIGN.md §27). A worker claims due messages for a
/// lease (`FOR UPDATE SKIP LOCKED`: two workers asking at once get different messages and neither
/// waits for the other), marks each `sending` only while its claim holds, and settles it. A worker
/// that dies leaves claims that run out: a message it had not begun is claimed again as it is; one
/// it had begun may have reached the provider, so it becomes `unknown` and the next attempt asks
/// the provider before sending (as after a crash with one process).
extension PostgresAppDatabase {
    /// What became of a claimed message about to be sent.
    public enum AttemptStart: Equatable, Sendable {
        /// Marked `sending`, as stored now.
        case sending(OutboxMessage)
        /// Its claim ran out and another worker has it, or it was decided again: left alone.
        case changed
        /// The number opted out (STOP): skipped, and its event is to say so.
        case optedOut
    }

    /// Claims up to `limit` messages due at `now` (oldest first) for this worker until `now + lease`.
    /// Messages claimed by a worker whose lease has not run out are skipped.
    public func claimDueMessages(at now: Date, limit: Int, lease: Duration) async throws -> [OutboxMessage] {
        let until = now.addingTimeInterval(lease.seconds)
        let rows = try await client.query("""
            WITH due AS (
                SELECT id FROM outbox
                WHERE state IN ('pending', 'unknown') AND next_attempt_at <= \(now)
                  AND (lease_until IS NULL OR lease_until < \(now))
                ORDER BY next_attempt_at, id
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            UPDATE outbox SET claimed_by = \(worker), lease_until = \(until)
            FROM due WHERE outbox.id = due.id
            RETURNING row_to_json(outbox)::text
            """, logger: logger)
        var claimed: [OutboxMessage] = []
        for try await json in rows.decode(String.self) {
            claimed.append(try PostgresRecords.decode(OutboxMessage.self, json: json))
        }
        return claimed.sorted { ($0.nextAttemptAt, $0.id ?? 0) < ($1.nextAttemptAt, $1.id ?? 0) }
    }

    /// Sends begun by a worker whose lease ran out (it died, or lost the database for longer than
    /// its lease) may have reached the provider: they become `unknown`, to be reconciled before any
    /// resend. Returns how many.
    @discardableResult
    public func takeOverAbandonedSends(at now: Date) async throws -> Int {
        var count = 0
        let rows = try await client.query("""
            UPDATE outbox SET state = 'unknown', claimed_by = NULL, lease_until = NULL
            WHERE state = 'sending' AND lease_until < \(now)
            RETURNING id
            """, logger: logger)
        for try await _ in rows.decode(Int64.self) { count += 1 }
        return count
    }

    /// Marks a claimed message `sending`, in one transaction that holds its row: only while this
    /// worker's claim is live and the row is as it was claimed, and never for a number that opted
    /// out. The first attempt fixes the text, template, language and links (`message` carries them).
    public func beginAttempt(_ message: OutboxMessage, links: [ShortLink], at now: Date, lease: Duration) async throws -> AttemptStart {
        guard let id = message.id else { return .changed }
        let until = now.addingTimeInterval(lease.seconds)
        return try await client.withTransaction(logger: logger) { connection in
            var current: OutboxMessage?
            for try await json in try await connection.query("""
                SELECT row_to_json(outbox)::text FROM outbox
                WHERE id = \(id) AND claimed_by = \(worker) AND lease_until >= \(now)
                FOR UPDATE
                """, logger: logger).decode(String.self) {
                current = try PostgresRecords.decode(OutboxMessage.self, json: json)
            }
            guard var current, current.state == message.state, current.attempts == message.attempts,
                  current.kind == message.kind, current.startAt == message.startAt, current.previousStartAt == message.previousStartAt
            else { return .changed }
            var optedOut = false
            for try await exists in try await connection.query(
                "SELECT EXISTS (SELECT 1 FROM opt_outs WHERE phone = \(current.phone))", logger: logger).decode(Bool.self) {
                optedOut = exists
            }
            if optedOut {
                try await connection.query("""
                    UPDATE outbox SET state = 'skipped', error = \(OutboxMessage.optedOutReason), writeback_due = true,
                        claimed_by = NULL, lease_until = NULL
                    WHERE id = \(id)
                    """, logger: logger)
                return .optedOut
            }
            if current.body == nil && current.contentSID == nil {
                for link in links {
                    try await connection.query("""
                        INSERT INTO links (code, target, calendar_id, event_id, created_at)
                        VALUES (\(link.code), \(link.target), \(link.calendarID), \(link.eventID), \(link.createdAt))
                        """, logger: logger)
                }
                current.body = message.body
                current.contentSID = message.contentSID
                current.contentVariables = message.contentVariables
                current.language = message.language
                current.cancelCode = message.cancelCode
                current.rescheduleCode = message.rescheduleCode
                current.bookCode = message.bookCode
            }
            current.state = .sending
            current.attempts += 1
            current.lastAttemptAt = now
            try await connection.query("""
                UPDATE outbox SET state = 'sending', attempts = \(current.attempts), last_attempt_at = \(now),
                    body = \(current.body), content_sid = \(current.contentSID), content_variables = \(current.contentVariables),
                    language = \(current.language), cancel_code = \(current.cancelCode),
                    reschedule_code = \(current.rescheduleCode), book_code = \(current.bookCode), lease_until = \(until)
                WHERE id = \(id)
                """, logger: logger)
            return .sending(current)
        }
    }

    /// The provider's answer, which ends the claim: state, error, whether the calendar is to show
    /// it, and the provider's id when there is one (a nil keeps the one stored).
    public func settle(_ id: Int64, state: OutboxMessage.State, sid: String?, error: String?, showInCalendar: Bool = true) async throws {
        try await client.query("""
            UPDATE outbox SET state = \(state.rawValue), error = \(error), writeback_due = \(showInCalendar),
                twilio_sid = COALESCE(\(sid), twilio_sid), claimed_by = NULL, lease_until = NULL
            WHERE id = \(id)
            """, logger: logger)
    }

    /// Not sent now: due again at `date` as `state`, and free for any worker to claim then.
    public func retryLater(_ id: Int64, as state: OutboxMessage.State, at date: Date, error: String) async throws {
        try await client.query("""
            UPDATE outbox SET state = \(state.rawValue), next_attempt_at = \(date), error = \(error),
                claimed_by = NULL, lease_until = NULL
            WHERE id = \(id) AND twilio_sid IS NULL
            """, logger: logger)
    }
}

extension Duration {
    var seconds: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
