import Foundation
import Notifier
import PostgresNIO

/// The conversation with attendees (STOP and START, the cancel question, confirmations,
/// cancellations asked for by reply) with several workers (DESIGN.md §27): any worker may take
/// any reply, and two may take replies of one number at the same instant (a double tap, a webhook
/// retried). SQLite's one writer made its read-then-write safe; here each write is a statement
/// that stands on its own: `ON CONFLICT` where two may insert the same key, and a conditional
/// `UPDATE` where another may be changing the rows.
extension PostgresAppDatabase {
    public func isOptedOut(_ phone: String) async throws -> Bool {
        try await read { db in
            try await db.value(Bool.self, "SELECT EXISTS (SELECT 1 FROM opt_outs WHERE phone = \(phone))") ?? false
        }
    }

    /// STOP: the number gets no business-initiated message any more; what waits for it is
    /// skipped with the reason, and its events show it. Two STOPs at once both succeed (an
    /// upsert). The skip is one `UPDATE … WHERE state = 'pending'`: a message a worker is marking
    /// `sending` is waited for and then left (its send began before the STOP, as SQLite would have
    /// ordered them); one only claimed is skipped and loses its claim, so that worker's
    /// `beginAttempt` finds it changed; one decided after this commits is skipped by
    /// `beginAttempt`, which reads `opt_outs` under the message's row lock.
    public func optOut(_ phone: String, at now: Date) async throws {
        try await write { db in
            try await db.execute("""
                INSERT INTO opt_outs (phone, opted_out_at) VALUES (\(phone), \(now))
                ON CONFLICT (phone) DO UPDATE SET opted_out_at = excluded.opted_out_at
                """)
            try await db.execute("""
                UPDATE outbox SET state = 'skipped', error = \(OutboxMessage.optedOutReason), writeback_due = true,
                    claimed_by = NULL, lease_until = NULL
                WHERE phone = \(phone) AND state = 'pending'
                """)
        }
    }

    /// START: messages go to the number again.
    public func optIn(_ phone: String) async throws {
        try await write { db in try await db.execute("DELETE FROM opt_outs WHERE phone = \(phone)") }
    }

    /// When `phone` last wrote to the business: WhatsApp's 24-hour window runs from there.
    public func lastInbound(from phone: String) async throws -> Date? {
        try await read { db in
            try await db.value(Date.self, "SELECT received_at FROM inbound WHERE phone = \(phone) ORDER BY received_at DESC LIMIT 1")
        }
    }

    /// The latest message to `phone` that reached Twilio: what their reply is most likely about.
    public func lastMessage(to phone: String) async throws -> OutboxMessage? {
        try await read { db in
            try await db.records(OutboxMessage.self, "SELECT row_to_json(o)::text FROM outbox o WHERE phone = \(phone) ORDER BY id DESC")
                .first { $0.state.hasReachedTwilio }
        }
    }

    /// The message Twilio knows as `sid` (a button reply names the message its buttons were on).
    public func message(twilioSID sid: String) async throws -> OutboxMessage? {
        try await read { db in
            try await db.record(OutboxMessage.self, "SELECT row_to_json(o)::text FROM outbox o WHERE twilio_sid = \(sid)")
        }
    }

    /// The question put to `phone` now; it replaces any earlier one (two at once: the later stays).
    public func recordCancelQuestion(_ phone: String, calendarID: String, eventID: String, at now: Date) async throws {
        try await write { db in
            try await db.execute("""
                INSERT INTO cancel_questions (phone, calendar_id, event_id, asked_at) VALUES (\(phone), \(calendarID), \(eventID), \(now))
                ON CONFLICT (phone) DO UPDATE SET calendar_id = excluded.calendar_id, event_id = excluded.event_id,
                    asked_at = excluded.asked_at
                """)
        }
    }

    /// A newer request from the attendee: the question put before no longer stands. SQLite read
    /// first to spare its single writer; here a delete that finds nothing locks nothing, and one
    /// statement leaves no gap between the read and the delete.
    public func clearCancelQuestion(to phone: String) async throws {
        try await write { db in try await db.execute("DELETE FROM cancel_questions WHERE phone = \(phone)") }
    }

    /// `package`, not `public`: `CancelQuestion` is a package type.
    package func cancelQuestion(to phone: String) async throws -> CancelQuestion? {
        try await read { db in
            try await db.record(CancelQuestion.self, "SELECT row_to_json(q)::text FROM cancel_questions q WHERE phone = \(phone)")
        }
    }

    /// The attendee confirmed the session at its current start; the calendar is to show it (on
    /// the latest message to them about it). Confirming twice at once: the upsert keeps one row.
    public func recordConfirmation(_ confirmation: Confirmation) async throws {
        try await write { db in
            try await db.save(confirmation, into: "confirmations", key: ["calendar_id", "event_id", "phone"])
            try await db.execute("DELETE FROM cancel_questions WHERE phone = \(confirmation.phone)")
            try await db.execute("""
                UPDATE outbox SET writeback_due = true
                WHERE id = (SELECT max(id) FROM outbox
                            WHERE calendar_id = \(confirmation.calendarID) AND event_id = \(confirmation.eventID)
                              AND phone = \(confirmation.phone))
                """)
        }
    }

    /// Ordered by when each attendee confirmed (SQLite gave its rows' insertion order, which
    /// PostgreSQL does not keep).
    public func confirmations(calendarID: String, eventID: String) async throws -> [Confirmation] {
        try await read { db in
            try await db.records(Confirmation.self, """
                SELECT row_to_json(c)::text FROM confirmations c
                WHERE calendar_id = \(calendarID) AND event_id = \(eventID) ORDER BY confirmed_at, phone
                """)
        }
    }

    /// YES to the question: the cancellation is queued for the write-back (once per attendee and
    /// session). As SQLite decides it: a new request is inserted; one already waiting stays as it
    /// is; one done earlier (the host put the attendee back) waits again from now. One statement
    /// over the unique (calendar_id, event_id, phone): two workers taking the same YES at once
    /// both succeed, the second finding the first's row waiting and leaving it.
    public func requestCancellation(_ request: CancellationRequest) async throws {
        try await write { db in
            try await db.execute("""
                INSERT INTO cancellation_requests (calendar_id, event_id, phone, for_group, requested_at, done_at)
                VALUES (\(request.calendarID), \(request.eventID), \(request.phone), \(request.forGroup), \(request.requestedAt),
                        \(request.doneAt))
                ON CONFLICT (calendar_id, event_id, phone) DO UPDATE SET done_at = NULL, requested_at = excluded.requested_at
                WHERE cancellation_requests.done_at IS NOT NULL
                """)
            try await db.execute("DELETE FROM cancel_questions WHERE phone = \(request.phone)")
        }
    }

    /// Notes that the attendee cancelled their own place with a link, so that the link, used
    /// again, says it is cancelled rather than that it is no longer valid. A row already there
    /// (a request by reply, or the same link used twice at once) is left as it is.
    public func recordCancelledByAttendee(_ phone: String, calendarID: String, eventID: String, at now: Date) async throws {
        try await write { db in
            try await db.execute("""
                INSERT INTO cancellation_requests (calendar_id, event_id, phone, for_group, requested_at, done_at)
                VALUES (\(calendarID), \(eventID), \(phone), false, \(now), \(now))
                ON CONFLICT (calendar_id, event_id, phone) DO NOTHING
                """)
        }
    }

    /// Whether the attendee cancelled their place in this session themselves (link or YES).
    public func cancelledByAttendee(_ phone: String, calendarID: String, eventID: String) async throws -> Bool {
        try await read { db in
            try await db.value(Bool.self, """
                SELECT EXISTS (SELECT 1 FROM cancellation_requests
                               WHERE calendar_id = \(calendarID) AND event_id = \(eventID) AND phone = \(phone) AND done_at IS NOT NULL)
                """) ?? false
        }
    }

    /// The requests still to carry out, oldest first.
    public func cancellationsRequested() async throws -> [CancellationRequest] {
        try await read { db in
            try await db.records(CancellationRequest.self,
                                 "SELECT row_to_json(r)::text FROM cancellation_requests r WHERE done_at IS NULL ORDER BY id")
        }
    }

    public func finishCancellation(_ id: Int64, at now: Date) async throws {
        try await write { db in try await db.execute("UPDATE cancellation_requests SET done_at = \(now) WHERE id = \(id)") }
    }

    /// Events starting in the interval that are still on, across the watched calendars, soonest first.
    public func upcomingEvents(startingBetween start: Date, and end: Date) async throws -> [StoredEvent] {
        try await read { db in
            try await db.records(StoredEvent.self, """
                SELECT row_to_json(e)::text FROM events e
                WHERE status <> 'cancelled' AND start_at > \(start) AND start_at <= \(end)
                ORDER BY start_at, calendar_id, event_id
                """)
        }
    }

    /// The calendars' own time zones, for events that carry none.
    public func calendarTimeZones() async throws -> [String: String] {
        try await read { db in
            var zones: [String: String] = [:]
            for try await (calendarID, zone) in try await db.connection.query(
                "SELECT calendar_id, time_zone FROM sync_state WHERE time_zone IS NOT NULL", logger: db.logger
            ).decode((String, String).self) {
                zones[calendarID] = zone
            }
            return zones
        }
    }
}
