import Foundation
import GRDB
import Synchronization

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
        // Twilio repeats and reorders its reports: one no further than what the message is known
        // to have reached tells nothing new, with no query at all (a message's rank only grows).
        guard !deliveredRanks.covers(sid, state.deliveryRank) else { return false }
        // One that tells nothing new is answered from a read, with no write transaction (and no
        // disk flush).
        let (isNews, reached) = try await readRepairing { db -> (Bool, Int?) in
            let kept = try OutboxMessage.State.fetchOne(db.cachedStatement(sql: Self.reportedStateSQL), arguments: [sid])
            guard (kept?.deliveryRank ?? 0) >= state.deliveryRank else { return (true, nil) }
            guard let current = try OutboxMessage.State.fetchOne(db.cachedStatement(sql: Self.messageStateSQL), arguments: [sid])
            else { return (false, nil) }
            return (current.deliveryRank < state.deliveryRank, current.deliveryRank)
        }
        guard isNews else {
            if let reached { deliveredRanks.record(sid, reached) }
            return false
        }
        let applied = try await writer.write { db in
            let kept = try DeliveryReport.fetchOne(db, key: sid)
            if (kept?.state.deliveryRank ?? 0) < state.deliveryRank {
                try DeliveryReport(twilioSID: sid, state: state, error: error, receivedAt: now).save(db)
            }
            return try Self.applyDeliveryReport(db, sid: sid)
        }
        if applied { deliveredRanks.record(sid, state.deliveryRank) }
        return applied
    }

    // Most reports that reach the database are answered by these two reads, so their statements
    // are prepared once per connection (preparing them each time, with GRDB's authorizer, was
    // most of a status webhook's cost).
    private static let reportedStateSQL =
        "SELECT \(Column(DeliveryReport.CodingKeys.state).name) FROM \(DeliveryReport.databaseTableName) WHERE \(Column(DeliveryReport.CodingKeys.twilioSID).name) = ?"
    private static let messageStateSQL =
        "SELECT \(Columns.state.name) FROM \(OutboxMessage.databaseTableName) WHERE \(Columns.twilioSID.name) = ?"

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

/// The delivery rank each recent message is known to have reached, by Twilio SID: a lower bound
/// of what the database holds (ranks only grow), so a report at or below it is no news. Kept for
/// the last many thousand messages; forgetting costs only a read.
final class DeliveryRanks: Sendable {
    private let ranks = Mutex<[String: Int]>([:])
    static let capacity = 50_000

    func covers(_ sid: String, _ rank: Int) -> Bool {
        ranks.withLock { ($0[sid] ?? 0) >= rank }
    }

    func record(_ sid: String, _ rank: Int) {
        ranks.withLock { ranks in
            if ranks.count >= Self.capacity, ranks[sid] == nil { ranks.removeAll(keepingCapacity: true) }
            ranks[sid] = max(ranks[sid] ?? 0, rank)
        }
    }
}
