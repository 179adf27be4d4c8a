import Emulators
import Foundation
import GRDB
import TestSupport
import Testing
@testable import Notifier

/// DESIGN.md §22: one row that cannot be read or sent never stops the others.
@Suite(.serialized)
struct BadRowTests {
    static func farFuture(hour: Int) throws -> Date {
        try #require(DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: .gmt, year: 99_999, month: 1, day: 5, hour: hour).date)
    }

    @Test func anEventInYear99999IsFailedAndEveryoneElseIsTold() async throws {
        try await ServiceWorld.run { world in
            try await world.pass()
            let bad = try await world.google.createEvent(in: ServiceWorld.calendar, summary: "Typo", start: try Self.farFuture(hour: 10),
                                                         end: try Self.farFuture(hour: 11), location: "+919812345679")
            try await world.create("Coaching")
            try await world.pass()
            #expect(await world.twilio.messages(to: ServiceWorld.attendee).count == 1, "everyone else is told")
            #expect(await world.twilio.messages(to: "+919812345679").isEmpty)
            let event = try #require(await world.event(bad))
            #expect(event.colorId == "11", "shown red")
            #expect(event.description?.contains("cannot be read") == true, "\(event.description ?? "")")
            for path in ["/metrics", "/healthz"] {
                #expect(try await Browser.get(world.baseURL.absoluteString + path).status == 200, "\(path)")
            }
            try await world.restart()
            try await world.create("Yoga", location: "+919812345670")
            try await world.pass()
            #expect(await world.twilio.messages(to: "+919812345670").count == 1, "also after a restart")
        }
    }

    @Test(.enabled(if: !TestStore.isPostgres, "SQLite's own repair of dates it cannot read; PostgreSQL's TIMESTAMPTZ always reads"))
    func aPageOverAnUnreadableEventIsRepairedNot500() async throws {
        try await ServiceWorld.run { world in
            let id = try await world.create("Coaching")
            try await world.pass()
            let page = try await TrustTests.cancelPage(in: world)
            let file = try DatabaseQueue(path: world.directory.path("service.sqlite"))
            try await file.write { db in
                try db.execute(sql: "UPDATE events SET start_at = '99999-01-01 00:00:00.000' WHERE event_id = ?", arguments: [id])
            }
            try file.close()
            let answer = try await Browser.get(page)
            #expect(answer.status != 500, "\(answer.status)")
            #expect(await world.service.store.unreadableRows() == nil, "repaired on the read that met it")
        }
    }

    @Test(.enabled(if: !TestStore.isPostgres, "SQLite's own repair of rows an earlier version stored"))
    func aRowAnEarlierVersionStoredIsRepairedAndHealthSaysSoMeanwhile() async throws {
        try await ServiceWorld.run { world in
            let id = try await world.create("Coaching")
            try await world.pass()
            // A message row with a five-digit year, as an earlier version wrote it.
            let file = try DatabaseQueue(path: world.directory.path("service.sqlite"))
            try await file.write { db in
                try db.execute(sql: """
                    INSERT INTO outbox (calendar_id, event_id, notice_key, kind, phone, summary, start_at, time_zone, sequence, state,
                                        attempts, next_attempt_at, created_at, writeback_due, for_group)
                    VALUES ('host@example.com', ?, '+919812345679#1', 'scheduled', '+919812345679', 'Typo',
                            '99999-01-05 10:00:00.000', 'Asia/Kolkata', 0, 'pending', 0, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000', 0, 0)
                    """, arguments: [id])
            }
            try file.close()
            let health = try await Browser.get(world.baseURL.absoluteString + "/healthz")
            #expect(health.status == 503)
            #expect(health.body.hasPrefix("degraded: "), "\(health.body)")
            try await world.create("Yoga", location: "+919812345670")
            try await world.pass()
            #expect(await world.twilio.messages(to: "+919812345670").count == 1, "the rest goes on")
            let broken = try #require(try await world.outbox().first { $0.phone == "+919812345679" })
            #expect(broken.state == .failed && broken.error?.contains("cannot be read") == true)
            #expect(await world.service.store.unreadableRows() == nil)
        }
    }
}
