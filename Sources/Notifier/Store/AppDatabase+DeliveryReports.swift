import Foundation
import GRDB

/// A row of `delivery_reports`: Twilio's furthest report on a message, kept even when it arrives
/// before Twilio's own answer to the send (the SID is not known yet), and applied once it is.
struct DeliveryReport: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "delivery_reports"

    var twilioSID: String
    var state: OutboxMessage.State
    var error: String?
    var receivedAt: Date

    enum CodingKeys: String, CodingKey {
        case twilioSID = "twilio_sid", state, error, receivedAt = "received_at"
    }
}

extension AppDatabase {
    private typealias Columns = OutboxMessage.Columns

    /// Records Twilio's report on message `sid` and applies it when it moves the message forward;
    /// returns true when the message's state changed (the calendar then needs updating).
    public func recordDeliveryReport(sid: String, state: OutboxMessage.State, error: String?, at now: Date) async throws -> Bool {
        guard state.deliveryRank >= OutboxMessage.State.sent.deliveryRank else { return false }
        // Twilio repeats its reports. One that tells nothing new is answered from a read, with
        // no write transaction (and no disk flush).
        let isNews = try await readRepairing { db -> Bool in
            let kept = try DeliveryReport.fetchOne(db, key: sid)
            guard (kept?.state.deliveryRank ?? 0) >= state.deliveryRank else { return true }
            guard let current = try OutboxMessage.filter(Columns.twilioSID == sid).fetchOne(db) else { return false }
            return current.state.deliveryRank < state.deliveryRank
        }
        guard isNews else { return false }
        return try await writer.write { db in
            let kept = try DeliveryReport.fetchOne(db, key: sid)
            if (kept?.state.deliveryRank ?? 0) < state.deliveryRank {
                try DeliveryReport(twilioSID: sid, state: state, error: error, receivedAt: now).save(db)
            }
            return try Self.applyDeliveryReport(db, sid: sid)
        }
    }

    /// Moves the outbox message with `sid` to its reported state if that is further along.
    static func applyDeliveryReport(_ db: Database, sid: String) throws -> Bool {
        guard let report = try DeliveryReport.fetchOne(db, key: sid),
              let current = try OutboxMessage.filter(Columns.twilioSID == sid).fetchOne(db),
              report.state.deliveryRank > current.state.deliveryRank
        else { return false }
        let error = report.state.outcome == .failed ? report.error : nil
        var changes = [Columns.state.set(to: report.state), Columns.error.set(to: error)]
        // The calendar shows the outcome (green, red), not the step: sent → delivered → read
        // changes nothing there, so it costs Google no read and no write (issue 26).
        if report.state.outcome != current.state.outcome { changes.append(Columns.writebackDue.set(to: true)) }
        try OutboxMessage.filter(Columns.twilioSID == sid).updateAll(db, changes)
        return true
    }
}
