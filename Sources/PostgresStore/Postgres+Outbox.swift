import Foundation
import Notifier
import PostgresNIO

/// The outbox's reads and the settling steps not tied to a claim's start (those are in
/// `OutboxClaims`), as in SQLite (`AppDatabase+Outbox.swift`). A message is settled by the worker
/// that claimed it; settling ends the claim (`claimed_by`, `lease_until` back to NULL), so that a
/// message due again is free for any worker at once.
extension PostgresAppDatabase {
    /// The message announcing change `noticeKey` of an event, as stored now.
    public func outboxMessage(_ calendarID: String, _ eventID: String, noticeKey: String) async throws -> OutboxMessage? {
        try await read { db in
            try await db.record(OutboxMessage.self, """
                SELECT row_to_json(o)::text FROM outbox o
                WHERE calendar_id = \(calendarID) AND event_id = \(eventID) AND notice_key = \(noticeKey)
                """)
        }
    }

    /// When the next waiting message this worker may claim comes due, if any. Messages another
    /// worker holds are left out (they are being sent; the dispatcher would wake over and over
    /// for them); when their worker dies, its lease runs out and the next poll takes them. Lease
    /// times are the database's clock and due times the service's, so the two are never mixed.
    public func nextDueDate() async throws -> Date? {
        try await read { db in
            // An aggregate answers one row, NULL when nothing waits.
            try await db.value(Date?.self, """
                SELECT min(next_attempt_at) FROM outbox
                WHERE state IN ('pending', 'unknown')
                  AND (claimed_by = \(worker) OR \(unescaped: Self.claimLapsed))
                """) ?? nil
        }
    }

    /// Whether a later notice (not a reminder) to the same attendee about the same event exists.
    public func hasNewerNotice(than message: OutboxMessage) async throws -> Bool {
        guard let id = message.id else { return false }
        return try await read { db in
            try await db.value(Bool.self, """
                SELECT EXISTS (SELECT 1 FROM outbox
                    WHERE calendar_id = \(message.calendarID) AND event_id = \(message.eventID) AND phone = \(message.phone)
                      AND id > \(id) AND kind != 'reminder' AND error IS DISTINCT FROM \(OutboxMessage.supersededReason))
                """) ?? false
        }
    }

    /// Which of these provider message ids already belong to an outbox message.
    public func ownedSIDs(among sids: [String]) async throws -> Set<String> {
        guard !sids.isEmpty else { return [] }
        return try await read { db in
            Set(try await db.values(String.self, "SELECT twilio_sid FROM outbox WHERE twilio_sid = ANY(\(sids))"))
        }
    }

    /// A provider's status names the outbox row its send came from (Meta's
    /// `biz_opaque_callback_data`): a send whose answer was unclear is known to have gone, with
    /// this id, and is not sent again. Returns whether the row took it.
    /// `recipient` (digits, as Meta writes it) must be the row's own number: a status of another
    /// install or number that happens to name the same id adopts nothing.
    public func adoptSentMessage(outboxID id: Int64, sid: String, recipient: String?, at now: Date) async throws -> Bool {
        let adopted = try await write { db -> Bool in
            // The row is held from the check of its number to the write (two statuses of it, taken
            // by two workers at once, are checked one after the other), and the write is conditional
            // on the row having no provider id still: they adopt once.
            guard let row = try await db.record(OutboxMessage.self, """
                    SELECT row_to_json(o)::text FROM outbox o
                    WHERE id = \(id) AND twilio_sid IS NULL AND state IN ('unknown', 'sending')
                    FOR UPDATE
                    """),
                  recipient.map({ WhatsAppID.same($0, row.phone) }) ?? true
            else { return false }
            return try await db.changes("UPDATE outbox SET twilio_sid = \(sid) WHERE id = \(id) AND twilio_sid IS NULL RETURNING 1") > 0
        }
        guard adopted else { return false }
        try await self.recordAccepted(id, sid: sid, releasing: now)
        return true
    }

    /// The provider refused the message for good, or it was not sent (it no longer matters, or the
    /// attendee opted out): the calendar shows why, unless skipping it is no news to the host.
    /// Ends the claim. `releasing`: notices that waited for this one's outcome
    /// (`unclearEarlierNotice`) are due again at that time, in the same transaction.
    public func recordFailed(_ id: Int64, reason: String, state: OutboxMessage.State, showInCalendar: Bool?,
                             releasing now: Date?) async throws {
        let showing = showInCalendar ?? (state != .skipped)
        try await write { db -> Void in
            // SQLite's `settle` with no provider id: the stored one (if any) is kept.
            try await db.execute("""
                UPDATE outbox SET state = \(state.rawValue), error = \(reason), writeback_due = \(showing),
                    claimed_by = NULL, lease_until = NULL
                WHERE id = \(id) AND \(unescaped: claimHeld)
                """)
            if let now { try await Self.releaseNotices(db, waitingFor: id, at: now) }
        }
    }

    /// Messages of `calendarIDs` not handed to WhatsApp yet are not sent (their calendar was
    /// disconnected: its sessions may change or go unseen, and their links act on nothing).
    /// One that may have gone (`unknown`) is left to be settled. Returns how many.
    /// One statement, conditional on `pending`: a worker that claimed one of them finds it changed
    /// when it begins the attempt (`beginAttempt` compares the state), and sends nothing.
    @discardableResult
    public func skipUnsentMessages(calendarIDs: [String], reason: String) async throws -> Int {
        guard !calendarIDs.isEmpty else { return 0 }
        return try await write { db in
            try await db.changes("""
                UPDATE outbox SET state = 'skipped', error = \(reason), writeback_due = false,
                    claimed_by = NULL, lease_until = NULL
                WHERE calendar_id = ANY(\(calendarIDs)) AND state = 'pending'
                RETURNING 1
                """)
        }
    }

    /// Not tried now: due again at `date`, nothing else changed; the claim ends, so that whichever
    /// worker is free then takes it.
    public func postpone(_ id: Int64, until date: Date) async throws {
        try await write { db in
            try await db.execute("""
                UPDATE outbox SET next_attempt_at = \(date), claimed_by = NULL, lease_until = NULL
                WHERE id = \(id) AND \(unescaped: claimHeld)
                """)
        }
    }

    /// Whether the row has its provider id now (it was found sent while its send was settled).
    public func hasProviderID(_ id: Int64) async throws -> Bool {
        try await read { db in
            try await db.value(Bool.self, "SELECT EXISTS (SELECT 1 FROM outbox WHERE id = \(id) AND twilio_sid IS NOT NULL)") ?? false
        }
    }

    /// Every message in the order it was decided: what was sent, to whom, and how it fared.
    public func allOutboxMessages() async throws -> [OutboxMessage] {
        try await read { db in
            try await db.records(OutboxMessage.self, "SELECT row_to_json(o)::text FROM outbox o ORDER BY id")
        }
    }
}
