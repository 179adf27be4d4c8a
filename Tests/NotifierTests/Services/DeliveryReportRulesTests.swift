import Foundation
import GRDB
import Logging
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
        try await Self.withStore { store, now in
            let id = try await Self.sending(in: store, at: now)
            _ = try await store.recordDeliveryReport(sid: "SM1", state: .delivered, error: nil, at: now)
            _ = try await store.recordDeliveryReport(sid: "SM1", state: .failed, error: "late failure", at: now)
            try await store.recordAccepted(id, sid: "SM1")
            #expect(try await Self.row(id, in: store).state == .delivered)
            // And a later `read` is still news.
            #expect(try await store.recordDeliveryReport(sid: "SM1", state: .read, error: nil, at: now))
        }
    }

    /// Meta's statuses name the row before the send's answer (`adoptSentMessage`): the answer
    /// with that same id keeps what they said; an answer with another id (a second attempt,
    /// during which the first one's late failure came) starts from `queued`, and its own reports
    /// move it (found by review: the second attempt's `read` could not undo the first's failure).
    @Test(.enabled(if: !TestStore.isPostgres, "SQLite's store itself; PostgreSQL keeps every report and applies it again"))
    func theSendsAnswerKeepsItsOwnReportsAndNotAnEarlierAttempts() async throws {
        try await Self.withStore { store, now in
            let same = try await Self.sending(in: store, at: now)
            #expect(try await store.adoptSentMessage(outboxID: same, sid: "wamid.A", recipient: nil, at: now))
            #expect(try await store.recordDeliveryReport(sid: "wamid.A", state: .delivered, error: nil, at: now))
            try await store.recordAccepted(same, sid: "wamid.A")
            #expect(try await Self.row(same, in: store).state == .delivered)

            let other = try await Self.sending(in: store, at: now, key: "r2")
            #expect(try await store.adoptSentMessage(outboxID: other, sid: "wamid.B1", recipient: nil, at: now))
            #expect(try await store.recordDeliveryReport(sid: "wamid.B1", state: .failed, error: "first attempt failed", at: now))
            try await store.recordAccepted(other, sid: "wamid.B2")
            let answered = try await Self.row(other, in: store)
            #expect(answered.state == .queued && answered.error == nil && answered.twilioSID == "wamid.B2")
            #expect(try await store.recordDeliveryReport(sid: "wamid.B2", state: .read, error: nil, at: now))
            #expect(try await Self.row(other, in: store).state == .read)
        }
    }

    /// A failure that overtakes the send's answer is kept, and the operator's line is written then,
    /// once: the answer applies it and says nothing of it (found by a PostgreSQL run, where the
    /// log of an undelivered message lacked its line whenever Twilio's report came first).
    @Test(.enabled(if: !TestStore.isPostgres, "SQLite's store itself; PostgreSQL's in PostgresDeliveryReportsTests"))
    func aFailureBeforeTheSendsAnswerIsKeptAndLoggedOnce() async throws {
        try await Self.withStore { store, now in
            let id = try await Self.sending(in: store, at: now)
            let output = TextLogTests.Output()
            let reports = DeliveryReports(store: store, bells: ServiceBells(),
                                          logger: Logger(label: "test") { TextLogHandler(label: $0, output: output) })
            for _ in 0..<2 {
                try await reports.record(sid: "SM1", status: "undelivered", errorCode: "63024", errorMessage: "no", at: now)
            }
            #expect(output.lines.filter { $0.contains("whatsapp message not delivered") && $0.contains("63024") }.count == 1,
                    "\(output.lines)")
            #expect(try await store.deliveryReport(sid: "SM1", state: .undelivered, error: "x", at: now) == .noNews, "a repeat")
            try await store.recordAccepted(id, sid: "SM1")
            #expect(try await Self.row(id, in: store).state == .undelivered)
            try await reports.record(sid: "SM1", status: "undelivered", errorCode: "63024", errorMessage: "no", at: now)
            #expect(output.lines.filter { $0.contains("whatsapp message not delivered") }.count == 1, "\(output.lines)")
        }
    }

    /// A Meta id carries the recipient's number in base64; the log shows a hash of it instead, the
    /// same in each line about the message. A Twilio SID is shown as it is.
    @Test func aMetaIdIsLoggedAsAHashAndATwilioSIDAsItIs() throws {
        // Meta's documented form: the number (here 16505551234) then the message's own id.
        let wamid = "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"
        let shown = LoggedMessageID.shown(wamid)
        #expect(shown.hasPrefix("hash:") && shown.count == 17)
        #expect(!shown.contains("HBgL") && !shown.contains("MTY1MDU1NTEyMzQ"))
        #expect(LoggedMessageID.shown(wamid) == shown)
        #expect(LoggedMessageID.shown("wamid.other") != shown)
        let sid = "SM" + String(repeating: "0123456789abcdef", count: 2)
        #expect(LoggedMessageID.shown(sid) == sid)
        #expect(LoggedMessageID.shown("SM" + String(repeating: "Z", count: 32)).hasPrefix("hash:"))
    }

    @Test(.enabled(if: !TestStore.isPostgres, "SQLite's store itself"))
    func aMetaFailureIsLoggedWithoutItsId() async throws {
        try await Self.withStore { store, now in
            let output = TextLogTests.Output()
            let reports = DeliveryReports(store: store, bells: ServiceBells(),
                                          logger: Logger(label: "test") { TextLogHandler(label: $0, output: output) })
            let wamid = "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"
            try await reports.recordMeta(wamid: wamid, status: "failed", errorCode: 131_047, errorText: "Re-engagement message", at: now)
            #expect(output.lines.count == 1 && output.lines.allSatisfy { !$0.contains("wamid") && $0.contains(LoggedMessageID.shown(wamid)) },
                    "\(output.lines)")
        }
    }

    /// A store of its own, and a fixed time.
    private static func withStore(_ body: (AppDatabase, Date) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        try await body(try AppDatabase.open(path: directory.path("db.sqlite")), Date(timeIntervalSince1970: 1_800_000_000))
    }

    /// A message being sent, alone, without the event its foreign key names: the rules under test are the reports'.
    private static func sending(in store: AppDatabase, at now: Date, key: String = "r1") async throws -> Int64 {
        let message = OutboxMessage(
            id: nil, calendarID: "c", eventID: "e", noticeKey: key, kind: .scheduled, phone: "+919876543210", summary: "Coaching",
            startAt: now.addingTimeInterval(86_400), previousStartAt: nil, timeZone: nil, sequence: 0, state: .sending, twilioSID: nil,
            attempts: 1, nextAttemptAt: now, lastAttemptAt: now, error: nil, createdAt: now, body: "b", contentSID: nil,
            contentVariables: nil, cancelCode: nil, rescheduleCode: nil, writebackDue: false, forGroup: false)
        return try await store.writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            var row = message
            try row.insert(db)
            return try #require(row.id)
        }
    }

    private static func row(_ id: Int64, in store: AppDatabase) async throws -> OutboxMessage {
        try #require(try await store.writer.read { db in try OutboxMessage.fetchOne(db, key: id) })
    }
}
