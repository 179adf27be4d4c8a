import Foundation
import Notifier
import PostgresNIO
import Testing
@testable import PostgresStore

/// `sessions(of:…)` on PostgreSQL reads an attendee's events and their series' instances in two
/// queries, keyed by calendar and event: an event id, or a series id, that two calendars share
/// must not lend one calendar's session to the other (Google gives an invitation the same id in
/// every calendar it lands in).
@Suite("An attendee's sessions on PostgreSQL", .enabled(if: TestPostgres.isAvailable, TestPostgres.skipReason))
struct PostgresAttendeeSessionsTests {
    static let phone = "+919876543210"
    static let now = Date(timeIntervalSince1970: 1_900_000_000)

    @Test func anEventIDOrSeriesIDInTwoCalendarsStaysInItsOwn() async throws {
        try await TestPostgres.withDatabase { location in
            let database = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            try await database.client.withTransaction(logger: TestPostgres.logger) { connection in
                func event(_ calendar: String, _ id: String, inDays days: Double, series: String? = nil) async throws {
                    let start = Self.now.addingTimeInterval(days * 86_400)
                    try await connection.query("""
                        INSERT INTO events (calendar_id, event_id, status, summary, start_at, series_id)
                        VALUES (\(calendar), \(id), 'confirmed', \("\(calendar)/\(id)"), \(start), \(series))
                        """, logger: TestPostgres.logger)
                }
                func told(_ calendar: String, _ id: String, _ key: String, kind: String = "scheduled", aboutSeries: Bool = false,
                          phone: String = Self.phone) async throws {
                    try await connection.query("""
                        INSERT INTO outbox (calendar_id, event_id, notice_key, kind, phone, summary, start_at, sequence, next_attempt_at,
                                            created_at, state, about_series)
                        VALUES (\(calendar), \(id), \(key), \(kind), \(phone), '', \(Self.now), 0, \(Self.now), \(Self.now), 'delivered',
                                \(aboutSeries))
                        """, logger: TestPostgres.logger)
                }
                // The same event id in both calendars, each told of.
                try await event("home", "e1", inDays: 2)
                try await event("work", "e1", inDays: 1)
                try await told("home", "e1", "n1")
                try await told("work", "e1", "n1")
                // The same series id in both calendars; only home's series was announced to this attendee.
                try await event("home", "s_1", inDays: 3, series: "s")
                try await event("home", "s_2", inDays: 4, series: "s")
                try await event("work", "s_1", inDays: 5, series: "s")
                try await told("home", "s_1", "n1", aboutSeries: true)
                // Work's instance went to someone else.
                try await told("work", "s_1", "n1", aboutSeries: true, phone: "+14155550100")
            }
            let window = (Self.now, Self.now.addingTimeInterval(30 * 86_400))
            #expect(try await database.sessions(of: Self.phone, startingBetween: window.0, and: window.1).map(\.summary)
                    == ["work/e1", "home/e1", "home/s_1", "home/s_2"])

            // A cancellation told in one calendar cancels that calendar's session only.
            try await database.client.query("""
                INSERT INTO outbox (calendar_id, event_id, notice_key, kind, phone, summary, start_at, sequence, next_attempt_at,
                                    created_at, state)
                VALUES ('work', 'e1', 'n2', 'cancelled', \(Self.phone), '', \(Self.now), 0, \(Self.now), \(Self.now), 'delivered')
                """, logger: TestPostgres.logger)
            #expect(try await database.sessions(of: Self.phone, startingBetween: window.0, and: window.1).map(\.summary)
                    == ["home/e1", "home/s_1", "home/s_2"])
            await database.close()
        }
    }
}
