import Foundation
import Notifier
import PostgresNIO
import TestSupport
import Testing
@testable import PostgresStore

@Suite("Several workers sharing the outbox", .enabled(if: TestPostgres.isAvailable, TestPostgres.skipReason))
struct OutboxClaimsTests {
    @Test func workersClaimingAtOnceSendEachMessageOnce() async throws {
        try await TestPostgres.withDatabase { location in
            let workers = try await Self.workers(3, at: location)
            let now = Date()
            try await Self.decide(300, in: workers[0], dueAt: now.addingTimeInterval(-1))
            // Each worker does what the sender does: claim a batch, begin each message, settle it.
            let sent = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in workers {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let batch = try await worker.dueMessages(at: now, limit: 20)
                            if batch.isEmpty { return mine }
                            for message in batch {
                                guard case .sending(let begun) = try await worker.beginAttempt(
                                    Self.drafted(message), links: [], at: now, redrafted: false), let id = begun.id else { continue }
                                mine.append(id)
                                try await worker.recordAccepted(id, sid: "SM\(id)", releasing: nil)
                            }
                        }
                    }
                }
                return try await group.reduce(into: [[Int64]]()) { $0.append($1) }
            }
            let all = sent.flatMap { $0 }
            #expect(all.count == 300)
            #expect(Set(all).count == 300, "a message was sent by two workers")
            for worker in workers { await worker.close() }
        }
    }

    @Test func aLiveWorkersClaimHoldsUntilItsLeaseRunsOutAndADeadOnesLapsesAtOnce() async throws {
        try await TestPostgres.withDatabase { location in
            let workers = try await Self.workers(3, at: location)
            let now = Date()
            try await Self.decide(2, in: workers[0], dueAt: now)
            #expect(try await workers[0].dueMessages(at: now, limit: 1).count == 1)
            // A live worker's claim stands (on the database's clock, whatever another's says)…
            #expect(try await workers[1].dueMessages(at: now.addingTimeInterval(3_600), limit: 10).count == 1)
            #expect(try await workers[2].dueMessages(at: now, limit: 10).isEmpty)
            // …until its lease runs out (a worker stalled, its sessions still open).
            try await Self.runOutLeases(in: workers[2])
            #expect(try await workers[2].dueMessages(at: now, limit: 10).count == 2)
            // A worker that dies (its sessions end with it) loses its claims at once.
            await workers[2].close()
            // (The server ends its sessions a moment after the worker's last goodbye.)
            let taken = try await eventually("the dead worker's claims are taken over") {
                let taken = try await workers[0].dueMessages(at: now, limit: 10)
                return taken.count == 2 ? taken : nil
            }
            #expect(taken.map(\.state) == [.pending, .pending])
            await workers[0].close()
            await workers[1].close()
        }
    }

    @Test func aSendBegunByADeadWorkerIsReconciledNotResent() async throws {
        try await TestPostgres.withDatabase { location in
            let (first, second) = try await Self.pair(at: location)
            let now = Date()
            try await Self.decide(1, in: first, dueAt: now)
            let claimed = try #require(try await first.dueMessages(at: now, limit: 1).first)
            guard case .sending = try await first.beginAttempt(Self.drafted(claimed), links: [], at: now, redrafted: false) else {
                Issue.record("the claimed message was not begun")
                return
            }
            // A begun send keeps its lease even once its worker's sessions are gone (a worker cut
            // off for a moment may still be waiting for the provider's answer); when the lease
            // runs out, the send may have reached the provider, so the message is `unknown`: the
            // next attempt asks before sending.
            await first.close()
            #expect(try await second.markInterruptedSendsUnknown() == 0)
            #expect(try await second.dueMessages(at: now, limit: 1).isEmpty)
            try await Self.runOutLeases(in: second)
            let taken = try await second.dueMessages(at: now, limit: 1)
            #expect(taken.map(\.state) == [.unknown])
            #expect(taken.map(\.attempts) == [1])
            #expect(taken.first?.body == "Hello")
            await second.close()
        }
    }

    @Test func aSendingRowWithNoLeaseIsTakenOver() async throws {
        try await TestPostgres.withDatabase { location in
            let database = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            let now = Date()
            try await Self.decide(1, in: database, dueAt: now)
            // As a row copied from SQLite mid-send would be.
            try await database.client.query("UPDATE outbox SET state = 'sending', attempts = 1", logger: TestPostgres.logger)
            #expect(try await database.markInterruptedSendsUnknown() == 1)
            #expect(try await database.dueMessages(at: now, limit: 1).map(\.state) == [.unknown])
            await database.close()
        }
    }

    @Test func aWorkerWhoseClaimRanOutCannotBeginNorSettleTheSend() async throws {
        try await TestPostgres.withDatabase { location in
            let (slow, other) = try await Self.pair(at: location)
            let now = Date()
            try await Self.decide(1, in: slow, dueAt: now)
            let claimed = try #require(try await slow.dueMessages(at: now, limit: 1).first)
            guard case .sending(let mine) = try await slow.beginAttempt(Self.drafted(claimed), links: [], at: now, redrafted: false) else {
                Issue.record("the claimed message was not begun")
                return
            }
            // The slow worker stalls past its lease; another takes the message over and begins it.
            try await Self.runOutLeases(in: other)
            let taken = try #require(try await other.dueMessages(at: now, limit: 1).first)
            guard case .sending(let theirs) = try await other.beginAttempt(taken, links: [], at: now, redrafted: false) else {
                Issue.record("the worker holding the claim could not begin")
                return
            }
            #expect(theirs.attempts == 2)
            // The slow worker's late answers change nothing of the other's attempt.
            let id = try #require(mine.id)
            try await slow.retryLater(id, as: .pending, at: now, error: "timeout")
            try await slow.recordFailed(id, reason: "HTTP 400", state: .failed, showInCalendar: nil, releasing: nil)
            try await slow.postpone(id, until: now.addingTimeInterval(60))
            #expect(try await Self.row(id, in: other) == ["sending", "2"])
            #expect(try await slow.beginAttempt(mine, links: [], at: now, redrafted: false) == .changed)
            try await other.recordAccepted(id, sid: "SM2", releasing: nil)
            #expect(try await Self.row(id, in: other) == ["queued", "2"])
            #expect(try await other.dueMessages(at: now.addingTimeInterval(3_600), limit: 1).isEmpty)
            await slow.close()
            await other.close()
        }
    }

    @Test func aMessageFoundChangedIsGivenBackAtOnce() async throws {
        try await TestPostgres.withDatabase { location in
            let database = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            let now = Date()
            try await Self.decide(1, in: database, dueAt: now)
            let claimed = try #require(try await database.dueMessages(at: now, limit: 1).first)
            // Decided again after the claim (a sync moved the session).
            try await database.client.query("UPDATE outbox SET kind = 'rescheduled'", logger: TestPostgres.logger)
            #expect(try await database.beginAttempt(claimed, links: [], at: now, redrafted: false) == .changed)
            // Another worker can take it now, not a lease later.
            let other = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            #expect(try await other.dueMessages(at: now, limit: 1).map(\.kind) == [.rescheduled])
            await other.close()
            await database.close()
        }
    }

    @Test func oneUnreadableRowIsFailedAndTheOthersGo() async throws {
        try await TestPostgres.withDatabase { location in
            let database = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            let now = Date()
            try await Self.decide(3, in: database, dueAt: now)
            // A date no calendar gives and Swift cannot read (a manual edit, say).
            try await database.client.query("UPDATE outbox SET start_at = '0044-03-15 00:00:00+00 BC' WHERE event_id = 'event1'",
                                            logger: TestPostgres.logger)
            let due = try await database.dueMessages(at: now, limit: 10)
            #expect(due.map(\.eventID) == ["event0", "event2"])
            var failed: [String] = []
            for try await (event, error) in try await database.client.query(
                "SELECT event_id, error FROM outbox WHERE state = 'failed'", logger: TestPostgres.logger).decode((String, String).self) {
                failed.append(event)
                #expect(error.hasPrefix("not sent: the stored message cannot be read"))
            }
            #expect(failed == ["event1"])
            await database.close()
        }
    }

    @Test func aNumberThatOptedOutIsSkippedInTheSameWrite() async throws {
        try await TestPostgres.withDatabase { location in
            let database = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            let now = Date()
            try await Self.decide(1, in: database, dueAt: now)
            let claimed = try #require(try await database.dueMessages(at: now, limit: 1).first)
            try await database.client.query("INSERT INTO opt_outs (phone, opted_out_at) VALUES (\(claimed.phone), \(now))",
                                            logger: TestPostgres.logger)
            #expect(try await database.beginAttempt(Self.drafted(claimed), links: [], at: now, redrafted: false) == .optedOut)
            #expect(try await Self.row(try #require(claimed.id), in: database) == ["skipped", "0"])
            await database.close()
        }
    }

    /// Every claim's lease runs out now, as it does when its worker has been gone long enough.
    static func runOutLeases(in database: PostgresAppDatabase) async throws {
        try await database.client.query(
            "UPDATE outbox SET lease_until = clock_timestamp() - interval '1 second' WHERE lease_until IS NOT NULL",
            logger: TestPostgres.logger)
    }

    /// A message's state and attempts.
    static func row(_ id: Int64, in database: PostgresAppDatabase) async throws -> [String] {
        for try await (state, attempts) in try await database.client.query(
            "SELECT state, attempts FROM outbox WHERE id = \(id)", logger: TestPostgres.logger).decode((String, Int).self) {
            return [state, String(attempts)]
        }
        return []
    }

    // MARK: - Set-up

    static func workers(_ count: Int, at location: PostgresLocation) async throws -> [PostgresAppDatabase] {
        var workers: [PostgresAppDatabase] = []
        for _ in 0..<count { workers.append(try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)) }
        return workers
    }

    static func pair(at location: PostgresLocation) async throws -> (PostgresAppDatabase, PostgresAppDatabase) {
        let both = try await workers(2, at: location)
        return (both[0], both[1])
    }

    /// `count` events, each with one message due at `due`, as the sync decides them.
    static func decide(_ count: Int, in database: PostgresAppDatabase, dueAt due: Date) async throws {
        try await database.client.withTransaction(logger: TestPostgres.logger) { connection in
            for number in 0..<count {
                let event = "event\(number)"
                let start = due.addingTimeInterval(86_400)
                try await connection.query("""
                    INSERT INTO events (calendar_id, event_id, status, summary, start_at) VALUES ('primary', \(event), 'confirmed', 'Session', \(start))
                    """, logger: TestPostgres.logger)
                try await connection.query("""
                    INSERT INTO outbox (calendar_id, event_id, notice_key, kind, phone, summary, start_at, sequence, next_attempt_at, created_at)
                    VALUES ('primary', \(event), 'r1', 'scheduled', \("+1415555\(String(format: "%04d", number))"), 'Session', \(start), 0, \(due), \(due))
                    """, logger: TestPostgres.logger)
            }
        }
    }

    /// The message as the drafter leaves it before its first attempt.
    static func drafted(_ message: OutboxMessage) -> OutboxMessage {
        var drafted = message
        drafted.body = "Hello"
        return drafted
    }

    /// PostgreSQL keeps 63 bytes of a session's name: a longer worker name would never match its
    /// claims, and another worker would take a live one's work.
    @Test func aWorkersNameIsTheNameItsSessionsCarry() async throws {
        #expect(PostgresAppDatabase.workerName().utf8.count <= 63)
        try await TestPostgres.withDatabase { location in
            let database = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            var names: [String] = []
            for try await name in try await database.client.query("SELECT current_setting('application_name')", logger: TestPostgres.logger)
                .decode(String.self) { names.append(name) }
            #expect(names == [database.worker])
            await database.close()
        }
    }
}
