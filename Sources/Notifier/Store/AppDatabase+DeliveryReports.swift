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

    enum Columns {
        static let twilioSID = Column(CodingKeys.twilioSID)
        static let state = Column(CodingKeys.state)
        static let error = Column(CodingKeys.error)
        static let receivedAt = Column(CodingKeys.receivedAt)
    }
}

extension AppDatabase {
    private typealias Columns = OutboxMessage.Columns

    /// Records Twilio's report on message `sid` and applies it when it moves the message forward
    /// (the calendar then needs updating), or keeps it until the send is answered.
    public func deliveryReport(sid: String, state: OutboxMessage.State, error: String?, at now: Date) async throws -> DeliveryReportEffect {
        guard state.deliveryRank >= OutboxMessage.State.sent.deliveryRank else { return .noNews }
        // Twilio repeats and reorders its reports: one no further than what the message is known
        // to have reached tells nothing new, with no query at all (a message's rank only grows).
        guard !deliveredRanks.covers(sid, state.deliveryRank) else { return .noNews }
        // One that tells nothing new is answered from a read, with no write transaction (and no
        // disk flush). A report beyond the rank known here (a message whose send this process
        // settled) is news nearly always: it goes straight to the write, which checks again.
        if !deliveredRanks.knows(sid) {
            // The same question the write asks: of the message, once its send is answered; else
            // of the report kept for it.
            let (isNews, reached) = try await readRepairing { db -> (Bool, Int?) in
                let current = try OutboxMessage.State.fetchOne(db.cachedStatement(sql: Self.messageStateSQL), arguments: [sid])
                if let current, current.isAccepted {
                    return (state.advances(over: current), current.deliveryRank)
                }
                let kept = try OutboxMessage.State.fetchOne(db.cachedStatement(sql: Self.reportedStateSQL), arguments: [sid])
                return (state.advances(over: kept ?? .pending), nil)
            }
            guard isNews else {
                if let reached { deliveredRanks.record(sid, reached) }
                return .noNews
            }
        }
        let ranks = deliveredRanks
        let (reached, kept) = try await ranks.pruning.along(at: now) { prune in try await sendPathWrites.write { db -> (OutboxMessage.State?, Bool) in
            // A report is kept only until its message's send is answered; those of messages that are
            // no outbox row (Meta's statuses of conversation replies) would stay for ever. Once an
            // hour, reports older than two days go.
            if prune {
                try db.execute(sql: "DELETE FROM \(DeliveryReport.databaseTableName) WHERE \(Report.receivedAt.name) < ?",
                               arguments: [StoredDate(now.addingTimeInterval(-2 * 86_400))])
            }
            // The message's send is answered (nearly always): the report applies to it at once, and
            // keeping it too would only write two more pages to read them back.
            let current = try OutboxMessage.State.fetchOne(db.cachedStatement(sql: Self.messageStateSQL), arguments: [sid])
            if let current, current.isAccepted {
                return (try Self.apply(state, error: error, over: current, sid: sid, db) ? state : nil, false)
            }
            // Not yet: kept until it is, when the send's answer applies it again (a row can carry
            // its id before that answer: Meta's first status names the row). A failure after
            // delivery is not kept: it would hide a later `read`, and turn the event red once the
            // send's answer came.
            let kept = try OutboxMessage.State.fetchOne(db.cachedStatement(sql: Self.reportedStateSQL), arguments: [sid])
            let keeps = state.advances(over: kept ?? .pending)
            if keeps {
                try db.cachedStatement(sql: Self.keepReportSQL).execute(arguments: [sid, state, error, StoredDate(now)])
            }
            return (try Self.applyDeliveryReport(db, sid: sid), keeps)
        } }
        // The state the message reached: a kept report applied may be short of this one.
        guard let reached else { return kept ? .kept : .noNews }
        deliveredRanks.record(sid, reached.deliveryRank)
        return .applied
    }

    // Every report reaches these statements (the first of each kind in a read and a write), so
    // they are prepared once per connection: preparing them each time, with GRDB's authorizer,
    // was most of a status webhook's cost.
    private typealias Report = DeliveryReport.Columns
    private static let reportedStateSQL =
        "SELECT \(Report.state.name) FROM \(DeliveryReport.databaseTableName) WHERE \(Report.twilioSID.name) = ?"
    private static let reportSQL =
        "SELECT \(Report.state.name), \(Report.error.name) FROM \(DeliveryReport.databaseTableName) WHERE \(Report.twilioSID.name) = ?"
    private static let keepReportSQL = """
        INSERT INTO \(DeliveryReport.databaseTableName) (\(Report.twilioSID.name), \(Report.state.name), \(Report.error.name), \(Report.receivedAt.name))
        VALUES (?, ?, ?, ?) ON CONFLICT (\(Report.twilioSID.name)) DO UPDATE SET \(Report.state.name) = excluded.\(Report.state.name),
        \(Report.error.name) = excluded.\(Report.error.name), \(Report.receivedAt.name) = excluded.\(Report.receivedAt.name)
        """
    private static let messageStateSQL =
        "SELECT \(Columns.state.name) FROM \(OutboxMessage.databaseTableName) WHERE \(Columns.twilioSID.name) = ?"
    private static func applyReportSQL(showing: Bool) -> String {
        "UPDATE \(OutboxMessage.databaseTableName) SET \(Columns.state.name) = ?, \(Columns.error.name) = ?"
            + (showing ? ", \(Columns.writebackDue.name) = 1" : "") + " WHERE \(Columns.twilioSID.name) = ?"
    }
    private static let applyReportShowingSQL = applyReportSQL(showing: true)
    private static let applyReportQuietlySQL = applyReportSQL(showing: false)

    /// Moves the outbox message with `sid` to its kept report's state if that is further along;
    /// returns that state when it did.
    @discardableResult
    static func applyDeliveryReport(_ db: Database, sid: String) throws -> OutboxMessage.State? {
        guard let report = try Row.fetchOne(db.cachedStatement(sql: reportSQL), arguments: [sid]),
              let reported = report[0] as OutboxMessage.State?,
              let current = try OutboxMessage.State.fetchOne(db.cachedStatement(sql: messageStateSQL), arguments: [sid])
        else { return nil }
        return try apply(reported, error: report[1], over: current, sid: sid, db) ? reported : nil
    }

    /// Moves the message with `sid` from `current` to `reported` if that is further along.
    private static func apply(_ reported: OutboxMessage.State, error: String?, over current: OutboxMessage.State, sid: String,
                              _ db: Database) throws -> Bool {
        guard reported.advances(over: current) else { return false }
        // The calendar shows the outcome (green, red), not the step: sent → delivered → read
        // changes nothing there, so it costs Google no read and no write (issue 26).
        let statement = reported.outcome != current.outcome ? applyReportShowingSQL : applyReportQuietlySQL
        try db.cachedStatement(sql: statement).execute(arguments: [reported, reported.outcome == .failed ? error : nil, sid])
        return true
    }
}

/// The delivery rank each recent message is known to have reached, by Twilio SID: a lower bound
/// of what the database holds (ranks only grow), so a report at or below it is no news. Kept for
/// the last many thousand messages; forgetting costs only a read.
final class DeliveryRanks: Sendable {
    private let ranks = Mutex<[String: Int]>([:])
    static let capacity = 50_000
    /// When to drop old reports: on the first report, then at most once an hour.
    let pruning = HourlyChore()

    func covers(_ sid: String, _ rank: Int) -> Bool {
        ranks.withLock { ($0[sid] ?? 0) >= rank }
    }

    /// Whether a rank is known for `sid` (its message is in the outbox).
    func knows(_ sid: String) -> Bool {
        ranks.withLock { $0[sid] != nil }
    }

    func record(_ sid: String, _ rank: Int) {
        ranks.withLock { ranks in
            if ranks.count >= Self.capacity, ranks[sid] == nil { ranks.removeAll(keepingCapacity: true) }
            ranks[sid] = max(ranks[sid] ?? 0, rank)
        }
    }
}
