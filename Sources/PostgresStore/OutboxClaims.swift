import Foundation
import Notifier
import PostgresNIO

/// The outbox shared by several workers (DESIGN.md §27). A worker claims due messages for a
/// lease (`FOR UPDATE SKIP LOCKED`: two workers asking at once get different messages and neither
/// waits for the other), marks each `sending` only while its claim holds, and settles it. A worker
/// that dies leaves claims that run out: a message it had not begun is claimed again as it is; one
/// it had begun may have reached the provider, so it becomes `unknown` and the next attempt asks
/// the provider before sending (as after a crash with one process).
///
/// Leases are set and compared on the database's clock (`clock_timestamp()`), never a worker's
/// own: a worker whose clock runs ahead must not take over sends still in flight. They are longer
/// than any send can take (the HTTP time limit and the retries within one call).
extension PostgresAppDatabase {
    /// One worker's claim on a message it has not begun. It lapses sooner when its worker is
    /// gone: no session of the database carries its name any more.
    static let claimLease = Duration.seconds(60)
    /// A begun send's: longer than any send call may go on (`SendCallLimit`: cut off at 75 s,
    /// rate-limit retries included), so that a worker cut off from the database, whose sessions
    /// are gone, still has its send under way when no one else may take it; only the lease's end
    /// frees a begun send.
    static let sendLease = Duration.seconds(120)

    /// A begun send nobody holds any more: its lease ran out. Not when its worker's sessions go:
    /// a worker cut off from the database for a moment may still be waiting for the provider's
    /// answer (or for a rate limit's wait), and another worker asking the provider now might not
    /// see that send yet and send again.
    static let sendLapsed = "(claimed_by IS NULL OR lease_until IS NULL OR lease_until < clock_timestamp())"

    /// A claim on a message not begun that nobody holds any more: as a send's, or its worker has
    /// no session left (it died; the server ends a dead worker's sessions at once, or within half
    /// a minute when its machine vanished).
    static let claimLapsed = """
        (\(sendLapsed) OR NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = outbox.claimed_by))
        """
    var claimLapsed: String { Self.claimLapsed }

    /// Sends begun by a worker whose lease ran out become `unknown`, to be reconciled before any
    /// resend; other workers' live sends are left alone (the name is SQLite's, where one process
    /// holding the lock makes every `sending` row interrupted). Returns how many.
    public func markInterruptedSendsUnknown() async throws -> Int {
        try await write { db in try await Self.takeOverAbandonedSends(db) }
    }

    static func takeOverAbandonedSends(_ db: PostgresSession) async throws -> Int {
        try await db.changes("""
            UPDATE outbox SET state = 'unknown', claimed_by = NULL, lease_until = NULL
            WHERE state = 'sending' AND \(unescaped: sendLapsed)
            RETURNING 1
            """)
    }

    /// Claims up to `limit` messages due at `now` (oldest first) for this worker. Messages another
    /// worker holds are skipped; this worker's own are claimed again. A row that cannot be read
    /// is failed with the reason, so that one bad row never holds up the others (DESIGN.md §22).
    public func dueMessages(at now: Date, limit: Int) async throws -> [OutboxMessage] {
        let rows = try await write { db -> [(Int64, String)] in
            _ = try await Self.takeOverAbandonedSends(db)
            var rows: [(Int64, String)] = []
            for try await row in try await db.connection.query("""
                WITH due AS (
                    SELECT id FROM outbox
                    WHERE state IN ('pending', 'unknown') AND next_attempt_at <= \(now)
                      AND (claimed_by = \(worker) OR \(unescaped: claimLapsed))
                    ORDER BY next_attempt_at, id
                    LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                UPDATE outbox SET claimed_by = \(worker), lease_until = clock_timestamp() + make_interval(secs => \(Self.claimLease.seconds))
                FROM due WHERE outbox.id = due.id
                RETURNING outbox.id, row_to_json(outbox)::text
                """, logger: db.logger).decode((Int64, String).self) {
                rows.append(row)
            }
            return rows
        }
        var claimed: [OutboxMessage] = []
        for (id, json) in rows {
            do {
                claimed.append(try PostgresRecords.decode(OutboxMessage.self, json: json))
            } catch {
                logger.error("an outbox row cannot be read; failing it", metadata: ["id": "\(id)", "error": "\(error)"])
                try await write { db in
                    try await db.execute("""
                        UPDATE outbox SET state = 'failed', error = \("not sent: the stored message cannot be read (\(error))"),
                            writeback_due = true, claimed_by = NULL, lease_until = NULL
                        WHERE id = \(id)
                        """)
                }
            }
        }
        return claimed.sorted { ($0.nextAttemptAt, $0.id ?? 0) < ($1.nextAttemptAt, $1.id ?? 0) }
    }

    /// Marks a claimed message `sending`, in one transaction that holds its row: only while this
    /// worker's claim is live and the row is as it was claimed, and never for a number that opted
    /// out. The first attempt (or a redrafted one) fixes the text, template, language and links.
    /// A message found changed is given back at once, for the next pass to take as it is.
    package func beginAttempt(_ message: OutboxMessage, links: [ShortLink], at now: Date, redrafted: Bool) async throws -> AttemptStart {
        guard let id = message.id else { return .changed }
        let lease = Self.sendLease.seconds
        return try await write { db in
            guard var current = try await db.record(OutboxMessage.self, """
                    SELECT row_to_json(outbox)::text FROM outbox
                    WHERE id = \(id) AND claimed_by = \(worker) AND lease_until >= clock_timestamp()
                    FOR UPDATE
                    """),
                  current.state == message.state, current.attempts == message.attempts, current.kind == message.kind,
                  current.startAt == message.startAt, current.previousStartAt == message.previousStartAt
            else {
                try await db.execute("UPDATE outbox SET claimed_by = NULL, lease_until = NULL WHERE id = \(id) AND claimed_by = \(worker)")
                return .changed
            }
            if try await db.value(Bool.self, "SELECT EXISTS (SELECT 1 FROM opt_outs WHERE phone = \(current.phone))") == true {
                try await db.execute("""
                    UPDATE outbox SET state = 'skipped', error = \(OutboxMessage.optedOutReason), writeback_due = true,
                        claimed_by = NULL, lease_until = NULL
                    WHERE id = \(id)
                    """)
                return .optedOut
            }
            let takesDraft = current.takesDraft(redrafted: redrafted)
            if takesDraft {
                for link in links { try await db.insert(link, into: "links") }
            }
            current.begin(taking: takesDraft ? message : nil, at: now)
            try await db.execute("""
                UPDATE outbox SET state = 'sending', attempts = \(current.attempts), last_attempt_at = \(now),
                    body = \(current.body), content_sid = \(current.contentSID), content_variables = \(current.contentVariables),
                    language = \(current.language), cancel_code = \(current.cancelCode),
                    reschedule_code = \(current.rescheduleCode), book_code = \(current.bookCode),
                    lease_until = clock_timestamp() + make_interval(secs => \(lease))
                WHERE id = \(id)
                """)
            return .sending(current)
        }
    }

    /// Not sent now: due again at `date` as `state`, and free for any worker to claim then. A
    /// worker whose claim was taken over meanwhile changes nothing: the row is another's now.
    public func retryLater(_ id: Int64, as state: OutboxMessage.State, at date: Date, error: String) async throws {
        try await write { db in
            try await db.execute("""
                UPDATE outbox SET state = \(state.rawValue), next_attempt_at = \(date), error = \(error),
                    claimed_by = NULL, lease_until = NULL
                WHERE id = \(id) AND twilio_sid IS NULL AND \(unescaped: claimHeld)
                """)
        }
    }

    /// The provider accepted the message: its id is stored, the calendar is to show the outcome,
    /// a report that overtook the answer applies now, and notices that waited for this one's
    /// outcome are due again at `now`. A worker whose claim was taken over still leaves the
    /// provider's id on a row that has none (the message did go), so the other worker's next
    /// attempt finds it sent rather than sending it again.
    public func recordAccepted(_ id: Int64, sid: String, releasing now: Date?) async throws {
        try await write { db in
            try await Self.lockReports(of: sid, on: db)
            let settled = try await db.changes("""
                UPDATE outbox SET state = 'queued', error = NULL, writeback_due = true, twilio_sid = \(sid),
                    claimed_by = NULL, lease_until = NULL
                WHERE id = \(id) AND \(unescaped: claimHeld)
                RETURNING 1
                """)
            if settled == 0 {
                let adopted = try await db.changes("""
                    UPDATE outbox SET state = 'queued', error = NULL, writeback_due = true, twilio_sid = \(sid),
                        claimed_by = NULL, lease_until = NULL
                    WHERE id = \(id) AND twilio_sid IS NULL AND state IN ('pending', 'unknown')
                    RETURNING 1
                    """)
                if adopted == 0 {
                    logger.warning("a send was answered after another worker took the message over",
                                   metadata: ["outbox_id": "\(id)", "sid": "\(sid)"])
                    return
                }
            }
            if let now { try await Self.releaseNotices(db, waitingFor: id, at: now) }
            _ = try await Self.applyKeptReport(sid, on: db)
        }
    }

    /// The row is this worker's to settle: it holds the claim, or nobody does (a takeover has
    /// not been claimed by anyone yet, so this worker's answer is the freshest news).
    var claimHeld: String {
        "(claimed_by IS NULL OR claimed_by = '\(worker.replacingOccurrences(of: "'", with: "''"))')"
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
