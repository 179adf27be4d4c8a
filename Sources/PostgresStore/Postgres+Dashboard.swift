import Foundation
import Notifier
import PostgresNIO

extension PostgresAppDatabase {
    /// The dashboard's data at `now`, shaped by the same code as SQLite's from the same rows.
    public func hostDashboard(now: Date, calendar: String?, colors: (success: String, failure: String, confirmed: String),
                              languages: LanguageChoice) async throws -> HostDashboard {
        let rows = try await dashboardRows(from: now.addingTimeInterval(-7 * 86_400), to: now.addingTimeInterval(30 * 86_400))
        return AppDatabase.hostDashboard(from: rows, now: now, calendar: calendar, colors: colors, languages: languages)
    }

    /// SQLite's one read saw one moment; here the reads share one read-only REPEATABLE READ
    /// transaction for the same reason (a message and its event, an opt-out and the message it
    /// skipped, agree while workers write). Such a transaction never fails for a conflict.
    private func dashboardRows(from: Date, to: Date) async throws -> DashboardRows {
        let since = from.addingTimeInterval(-60 * 86_400)
        return try await write { db in
            // The transaction's first statement: every read below sees the same snapshot.
            try await db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            let events = try await db.records(StoredEvent.self, """
                SELECT row_to_json(e)::text FROM events e WHERE start_at >= \(from) AND start_at <= \(to)
                ORDER BY calendar_id, event_id
                """)
            let recent = try await db.records(OutboxMessage.self,
                                              "SELECT row_to_json(o)::text FROM outbox o WHERE created_at >= \(since) ORDER BY id")
            let confirmations = try await db.records(Confirmation.self, "SELECT row_to_json(c)::text FROM confirmations c")
            // Every reply, with what it did: those about a session, and those about none (STOP,
            // START, HELP, LIST).
            let inbound = try await db.records(InboundReply.self, """
                SELECT row_to_json(i)::text FROM inbound i
                WHERE received_at >= \(since) AND action IS NOT NULL AND action <> 'repeated'
                ORDER BY received_at
                """)
            var optOuts: [(phone: String, at: Date)] = []
            for try await (phone, at) in try await db.connection.query(
                "SELECT phone, opted_out_at FROM opt_outs", logger: db.logger).decode((String, Date).self) {
                optOuts.append((phone, at))
            }
            var chosen: [(phone: String, language: String)] = []
            for try await (phone, language) in try await db.connection.query(
                "SELECT phone, language FROM attendee_languages", logger: db.logger).decode((String, String).self) {
                chosen.append((phone, language))
            }
            return DashboardRows(events: events, recent: recent, confirmations: confirmations, inbound: inbound,
                                 optOuts: optOuts, chosen: chosen)
        }
    }
}
