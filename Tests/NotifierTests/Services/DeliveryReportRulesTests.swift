import Foundation
import GRDB
import TestSupport
import Testing
@testable import Notifier

/// What a late or stray delivery report does: nothing to a delivered message, and nothing for ever.
@Suite struct DeliveryReportRulesTests {
    @Test func aFailureAfterDeliveryKeepsTheEventGreen() async throws {
        try await ServiceWorld.run { world in
            let id = try await world.create("Coaching")
            try await world.pass()
            let sid = try #require(try await world.outbox().first?.twilioSID)
            _ = try await world.twilio.deliverStatus("delivered", for: sid)
            try await world.settle()
            #expect(await world.event(id)?.colorId == "10")
            _ = try await world.twilio.deliverStatus("failed", for: sid, errorCode: 30008)
            try await world.settle()
            #expect(try await world.outbox().first?.state == .delivered, "the attendee has it")
            #expect(await world.event(id)?.colorId == "10")
        }
    }

    @Test(.enabled(if: !TestStore.isPostgres, "SQLite's store itself; PostgreSQL's in PostgresDeliveryReportsTests"))
    func reportsOfNoMessageAreDroppedAfterTwoDays() async throws {
        let directory = try TemporaryDirectory()
        let store = try AppDatabase.open(path: directory.path("db.sqlite"))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        // A status of a conversation reply: no outbox row has its id.
        #expect(try await store.recordDeliveryReport(sid: "wamid.reply", state: .delivered, error: nil, at: start) == false)
        let count = { try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery_reports") ?? 0 } }
        #expect(try await count() == 1)
        _ = try await store.recordDeliveryReport(sid: "wamid.other", state: .sent, error: nil, at: start.addingTimeInterval(3 * 86_400))
        #expect(try await count() == 1, "the old one went, the new one is kept")
    }
}

extension DeliveryReportRulesTests {
    /// `delivered` then `failed` both before the send's own answer: the message is delivered.
    @Test(.enabled(if: !TestStore.isPostgres, "SQLite's store itself; PostgreSQL's in PostgresDeliveryReportsTests"))
    func aFailureAfterDeliveryBeforeTheSendsAnswerIsNotKept() async throws {
        let directory = try TemporaryDirectory()
        let store = try AppDatabase.open(path: directory.path("db.sqlite"))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let message = OutboxMessage(
            id: nil, calendarID: "c", eventID: "e", noticeKey: "r1", kind: .scheduled, phone: "+919876543210", summary: "Coaching",
            startAt: now.addingTimeInterval(86_400), previousStartAt: nil, timeZone: nil, sequence: 0, state: .sending, twilioSID: nil,
            attempts: 1, nextAttemptAt: now, lastAttemptAt: now, error: nil, createdAt: now, body: "b", contentSID: nil,
            contentVariables: nil, cancelCode: nil, rescheduleCode: nil, writebackDue: false, forGroup: false)
        // The message alone, without the event its foreign key names: the rule under test is the report's.
        let id = try await store.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            var row = message
            try row.insert(db)
            return try #require(row.id)
        }
        _ = try await store.recordDeliveryReport(sid: "SM1", state: .delivered, error: nil, at: now)
        _ = try await store.recordDeliveryReport(sid: "SM1", state: .failed, error: "late failure", at: now)
        try await store.recordAccepted(id, sid: "SM1")
        let state = try await store.writer.read { db in try OutboxMessage.fetchOne(db, key: id)?.state }
        #expect(state == .delivered)
        // And a later `read` is still news.
        #expect(try await store.recordDeliveryReport(sid: "SM1", state: .read, error: nil, at: now))
    }
}
