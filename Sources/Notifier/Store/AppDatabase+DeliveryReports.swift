import Foundation
import GRDB

extension AppDatabase {
    /// Records Twilio's report on message `sid` and applies it when it moves the message forward;
    /// returns true when the message's state changed (the calendar then needs updating).
    public func recordDeliveryReport(sid: String, state: OutboxMessage.State, error: String?, at now: Date) async throws -> Bool {
        guard state.deliveryRank >= OutboxMessage.State.sent.deliveryRank else { return false }
        return try await writer.write { db in
            let kept = try String.fetchOne(db, sql: "SELECT state FROM delivery_reports WHERE twilio_sid = ?", arguments: [sid])
                .flatMap(OutboxMessage.State.init(rawValue:))
            if (kept?.deliveryRank ?? 0) < state.deliveryRank {
                try db.execute(sql: """
                    INSERT INTO delivery_reports (twilio_sid, state, error, received_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (twilio_sid) DO UPDATE SET state = excluded.state, error = excluded.error,
                        received_at = excluded.received_at
                    """, arguments: [sid, state, error, now])
            }
            return try Self.applyDeliveryReport(db, sid: sid)
        }
    }

    /// Moves the outbox message with `sid` to its reported state if that is further along.
    static func applyDeliveryReport(_ db: Database, sid: String) throws -> Bool {
        guard let row = try Row.fetchOne(db, sql: "SELECT state, error FROM delivery_reports WHERE twilio_sid = ?", arguments: [sid]),
              let reported = OutboxMessage.State(rawValue: row["state"]),
              let current = try String.fetchOne(db, sql: "SELECT state FROM outbox WHERE twilio_sid = ?", arguments: [sid])
                .flatMap(OutboxMessage.State.init(rawValue:)),
              reported.deliveryRank > current.deliveryRank
        else { return false }
        let error: String? = reported == .failed || reported == .undelivered ? row["error"] : nil
        try db.execute(sql: "UPDATE outbox SET state = ?, error = ?, writeback_due = 1 WHERE twilio_sid = ?",
                       arguments: [reported, error, sid])
        return true
    }
}
