import Foundation
import Notifier
import PostgresNIO

/// Reschedules through Calendly with several workers (DESIGN.md §27): the redirect and the
/// webhook confirming one booking may reach two workers at the same instant, and a sync (in
/// the calendar's worker) may claim the new event meanwhile (`apply`). Each write is one
/// statement on the reschedule's row, so the row's lock orders them.
extension PostgresAppDatabase {
    /// Notes that the attendee followed a reschedule link to Calendly (once per link: the link
    /// opened again, or twice at once, keeps the first row, as SQLite's `INSERT OR IGNORE` did).
    public func recordRescheduleOpened(_ reschedule: Reschedule) async throws {
        try await write { db in _ = try await db.insert(reschedule, into: "reschedules", onConflictDoNothing: true) }
    }

    /// Calendly confirmed the booking for `token`: the old event is superseded (deleted without a
    /// cancellation message). Returns the row, or nil when the link was never opened here. The
    /// first confirmation's time stays: one `UPDATE` keeps a `booked_at` already there, so the
    /// redirect and the webhook taken by two workers at once cannot both set it.
    public func recordRescheduleBooked(token: String, at now: Date) async throws -> Reschedule? {
        try await write { db in
            try await db.record(Reschedule.self, """
                UPDATE reschedules r SET booked_at = COALESCE(r.booked_at, \(now)) WHERE token = \(token)
                RETURNING row_to_json(r)::text
                """)
        }
    }

    /// Reschedules whose new event has been seen and announced, and whose old event, not started
    /// yet, is still to be deleted. Until the new event shows up, the old one stays: a booking that
    /// never reaches the calendar must not leave the attendee with no session at all.
    public func reschedulesAwaitingDeletion(at now: Date) async throws -> [Reschedule] {
        try await read { db in
            try await db.records(Reschedule.self, """
                SELECT row_to_json(r)::text FROM reschedules r
                WHERE new_event_id IS NOT NULL AND old_deleted_at IS NULL AND old_start_at > \(now)
                ORDER BY opened_at, token
                """)
        }
    }

    public func recordOldEventDeleted(token: String, at now: Date) async throws {
        try await write { db in
            try await db.execute("UPDATE reschedules SET old_deleted_at = \(now) WHERE token = \(token)")
        }
    }

    /// The reschedules that can still affect what a sync decides (`SyncStore`).
    public func openReschedules(at now: Date) async throws -> [Reschedule] {
        let since = now.addingTimeInterval(-Reschedule.claimWithin)
        return try await read { db in
            try await db.records(Reschedule.self, """
                SELECT row_to_json(r)::text FROM reschedules r
                WHERE (booked_at IS NOT NULL AND old_start_at > \(since)) OR (new_event_id IS NULL AND opened_at > \(since))
                ORDER BY opened_at
                """)
        }
    }
}
