import Foundation
import Notifier
import PostgresNIO
import Testing
@testable import PostgresStore

@Suite("Delivery reports taken by any worker", .enabled(if: TestPostgres.isAvailable, TestPostgres.skipReason))
struct PostgresDeliveryReportsTests {
    @Test func reportsRepeatedAndReorderedAcrossWorkersOnlyMoveAMessageForward() async throws {
        try await TestPostgres.withDatabase { location in
            let workers = try await OutboxClaimsTests.workers(3, at: location)
            let now = Date()
            try await OutboxClaimsTests.decide(40, in: workers[0], dueAt: now)
            let messages = try await workers[0].dueMessages(at: now, limit: 40)
            #expect(messages.count == 40)
            // Half the messages' reports overtake the send's answer; every report comes twice, in
            // any order, to any worker, at once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for message in messages {
                    let id = try #require(message.id)
                    let sid = "SM\(id)"
                    guard case .sending = try await workers[0].beginAttempt( OutboxClaimsTests.drafted(message), links: [], at: now, redrafted: false) else {
                        Issue.record("message \(id) was not begun")
                        continue
                    }
                    let reports: [OutboxMessage.State] = ([.sent, .delivered, .read] + [.sent, .delivered, .read]).shuffled()
                    for report in reports {
                        let worker = workers.randomElement()!
                        group.addTask { _ = try await worker.recordDeliveryReport(sid: sid, state: report, error: nil, at: now) }
                    }
                    // The send's answer comes to the worker that sent it; the reports to any.
                    let answering = workers[0]
                    group.addTask { try await answering.recordAccepted(id, sid: sid, releasing: nil) }
                }
                try await group.waitForAll()
            }
            var states: [String: Int] = [:]
            for try await state in try await workers[0].client.query("SELECT state FROM outbox", logger: TestPostgres.logger)
                .decode(String.self) { states[state, default: 0] += 1 }
            #expect(states == ["read": 40])
            for worker in workers { await worker.close() }
        }
    }

    @Test func aFailureAfterDeliveryLeavesTheMessageDelivered() async throws {
        try await Self.withOneMessageSending { database, id, now in
            try await database.recordAccepted(id, sid: "SM1", releasing: nil)
            #expect(try await database.recordDeliveryReport(sid: "SM1", state: .delivered, error: nil, at: now))
            #expect(!(try await database.recordDeliveryReport(sid: "SM1", state: .failed, error: "63016", at: now)))
            #expect(!(try await database.recordDeliveryReport(sid: "SM1", state: .sent, error: nil, at: now)))
            #expect(try await database.recordDeliveryReport(sid: "SM1", state: .read, error: nil, at: now))
            // Reports of no message (a reply's status) are kept until pruned.
            _ = try await database.recordDeliveryReport(sid: "SMreply", state: .delivered, error: nil, at: now)
            #expect(try await database.pruneDeliveryReports(before: now.addingTimeInterval(1)) == 2)
        }
    }

    /// A failure that overtakes the send's answer is kept once (the operator's line is written
    /// then), and the answer applies it.
    @Test func aFailureBeforeTheSendsAnswerIsKeptOnceAndAppliedByIt() async throws {
        try await Self.withOneMessageSending { database, id, now in
            let report = { try await database.deliveryReport(sid: "SM1", state: .undelivered, error: "63024", at: now) }
            #expect(try await report() == .kept)
            #expect(try await report() == .noNews)
            try await database.recordAccepted(id, sid: "SM1", releasing: nil)
            #expect(try await database.allOutboxMessages().first?.state == .undelivered)
            #expect(try await report() == .noNews)
        }
    }

    /// A late report on a message long settled (its kept reports pruned) is no news, not a report
    /// kept for a send to come: its failure after delivery is logged nowhere (found by review).
    @Test func aLateReportAfterThePruneIsNoNews() async throws {
        try await Self.withOneMessageSending { database, id, now in
            try await database.recordAccepted(id, sid: "SM1", releasing: nil)
            #expect(try await database.deliveryReport(sid: "SM1", state: .delivered, error: nil, at: now) == .applied)
            _ = try await database.pruneDeliveryReports(before: now.addingTimeInterval(1))
            #expect(try await database.deliveryReport(sid: "SM1", state: .failed, error: "131047", at: now) == .noNews)
            #expect(try await database.deliveryReport(sid: "SM1", state: .delivered, error: nil, at: now) == .noNews)
            #expect(try await database.allOutboxMessages().first?.state == .delivered)
        }
    }

    /// A database with one message decided and its attempt begun (`sending`): its id, and the time.
    private static func withOneMessageSending(_ body: (PostgresAppDatabase, Int64, Date) async throws -> Void) async throws {
        try await TestPostgres.withDatabase { location in
            let database = try await PostgresAppDatabase.open(location, logger: TestPostgres.logger)
            let now = Date()
            try await OutboxClaimsTests.decide(1, in: database, dueAt: now)
            let message = try #require(try await database.dueMessages(at: now, limit: 1).first)
            _ = try await database.beginAttempt(OutboxClaimsTests.drafted(message), links: [], at: now, redrafted: false)
            try await body(database, try #require(message.id), now)
            await database.close()
        }
    }
}

@Suite("One answer to a message two workers take at once", .enabled(if: TestPostgres.isAvailable, TestPostgres.skipReason))
struct PostgresInboundReplyTests {
    @Test func onlyOneWorkerSavesItsAnswerAndTheOtherSeesIt() async throws {
        try await TestPostgres.withDatabase { location in
            let workers = try await OutboxClaimsTests.workers(3, at: location)
            let now = Date()
            for round in 0..<20 {
                let sid = "wamid.\(round)"
                let results = try await withThrowingTaskGroup(of: (reply: String, saved: Bool).self) { group in
                    for (index, worker) in workers.enumerated() {
                        group.addTask {
                            try await worker.saveInboundReply(InboundReply(messageSID: sid, phone: "+919876543210", reply: "answer \(index)",
                                                                           receivedAt: now, action: "listed", calendarID: nil, eventID: nil))
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(results.filter(\.saved).count == 1, "round \(round): \(results)")
                #expect(Set(results.map(\.reply)).count == 1, "every worker sees the one answer kept")
            }
            for worker in workers { await worker.close() }
        }
    }
}
