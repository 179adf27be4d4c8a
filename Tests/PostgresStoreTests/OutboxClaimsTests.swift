import Foundation
import Notifier
import PostgresNIO
import Testing
@testable import PostgresStore

@Suite("Several workers sharing the outbox", .enabled(if: TestPostgres.isAvailable, TestPostgres.skipReason))
struct OutboxClaimsTests {
    static let lease = Duration.seconds(60)

    @Test func workersClaimingAtOnceGetDifferentMessagesAndAllOfThem() async throws {
        try await TestPostgres.withDatabase { location in
            let workers = try await Self.workers(3, at: location)
            let now = Date()
            try await Self.decide(600, in: workers[0], dueAt: now.addingTimeInterval(-1))
            let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in workers {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let batch = try await worker.claimDueMessages(at: now, limit: 25, lease: Self.lease)
                            if batch.isEmpty { return mine }
                            mine += batch.compactMap(\.id)
                        }
                    }
                }
                return try await group.reduce(into: [[Int64]]()) { $0.append($1) }
            }
            let all = claims.flatMap { $0 }
            #expect(all.count == 600)
            #expect(Set(all).count == 600, "a message was claimed by two workers")
            for worker in workers { await worker.close() }
        }
    }

    @Test func aClaimHoldsUntilItsLeaseRunsOut() async throws {
        try await TestPostgres.withDatabase { location in
            let (first, second) = try await Self.pair(at: location)
            let now = Date()
            try await Self.decide(1, in: first, dueAt: now)
            #expect(try await first.claimDueMessages(at: now, limit: 10, lease: Self.lease).count == 1)
            // The first worker dies without a word: its claim stands until the lease runs out…
            await first.close()
            #expect(try await second.claimDueMessages(at: now.addingTimeInterval(59), limit: 10, lease: Self.lease).isEmpty)
            // …and is then taken over, the message as it was (it was never begun).
            let taken = try await second.claimDueMessages(at: now.addingTimeInterval(61), limit: 10, lease: Self.lease)
            #expect(taken.map(\.state) == [.pending])
            await second.close()
        }
    }

    @Test func aSendBegunByADeadWorkerIsReconciledNotResent() async throws {
        try await TestPostgres.withDatabase { location in
            let (first, second) = try await Self.pair(at: location)
            let now = Date()
            try await Self.decide(1, in: first, dueAt: now)
            let claimed = try #require(try await first.claimDueMessages(at: now, limit: 1, lease: Self.lease).first)
            guard case .sending = try await first.beginAttempt(Self.drafted(claimed), links: [], at: now, lease: Self.lease) else {
                Issue.record("the claimed message was not begun")
                return
            }
            await first.close()
            // Before the lease runs out nothing is taken over; after, the send may have reached the
            // provider, so the message is `unknown`: the next attempt asks before sending.
            #expect(try await second.takeOverAbandonedSends(at: now.addingTimeInterval(30)) == 0)
            #expect(try await second.takeOverAbandonedSends(at: now.addingTimeInterval(61)) == 1)
            let taken = try await second.claimDueMessages(at: now.addingTimeInterval(61), limit: 1, lease: Self.lease)
            #expect(taken.map(\.state) == [.unknown])
            #expect(taken.map(\.attempts) == [1])
            #expect(taken.first?.body == "Hello")
            await second.close()
        }
    }

    @Test func aWorkerWhoseClaimRanOutCannotBeginTheSend() async throws {
        try await TestPostgres.withDatabase { location in
            let (slow, other) = try await Self.pair(at: location)
            let now = Date()
            try await Self.decide(1, in: slow, dueAt: now)
            let claimed = try #require(try await slow.claimDueMessages(at: now, limit: 1, lease: Self.lease).first)
            // The slow worker stalls past its lease; another claims the message meanwhile.
            let later = now.addingTimeInterval(61)
            #expect(try await other.claimDueMessages(at: later, limit: 1, lease: Self.lease).count == 1)
            #expect(try await slow.beginAttempt(Self.drafted(claimed), links: [], at: later, lease: Self.lease) == .changed)
            guard case .sending(let begun) = try await other.beginAttempt(Self.drafted(claimed), links: [], at: later, lease: Self.lease) else {
                Issue.record("the worker holding the claim could not begin")
                return
            }
            #expect(begun.attempts == 1)
            try await other.settle(try #require(begun.id), state: .queued, sid: "SM1", error: nil)
            #expect(try await other.claimDueMessages(at: later.addingTimeInterval(3_600), limit: 1, lease: Self.lease).isEmpty)
            await slow.close()
            await other.close()
        }
    }

    @Test func aNumberThatOptedOutIsSkippedInTheSameWrite() async throws {
        try await TestPostgres.withDatabase { location in
            let database = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            let now = Date()
            try await Self.decide(1, in: database, dueAt: now)
            let claimed = try #require(try await database.claimDueMessages(at: now, limit: 1, lease: Self.lease).first)
            try await database.client.query("INSERT INTO opt_outs (phone, opted_out_at) VALUES (\(claimed.phone), \(now))",
                                            logger: TestPostgres.logger)
            #expect(try await database.beginAttempt(Self.drafted(claimed), links: [], at: now, lease: Self.lease) == .optedOut)
            var states: [String] = []
            for try await state in try await database.client.query("SELECT state FROM outbox", logger: TestPostgres.logger)
                .decode(String.self) { states.append(state) }
            #expect(states == ["skipped"])
            await database.close()
        }
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
}
