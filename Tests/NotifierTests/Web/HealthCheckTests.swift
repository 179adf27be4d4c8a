import Synchronization
import Testing
import TestSupport
@testable import WebApp

/// `/healthz` checks the database once at a time: a hard poll must not queue a query a request.
@Suite("The health check, one at a time")
struct HealthCheckTests {
    /// How many checks ran, and a gate that holds the next check until the test opens it.
    final class Checks: Sendable {
        let count = Atomic<Int>(0)
        let gate = AsyncStream<Void>.makeStream()

        func check(answering problem: String?, held: Bool = false) -> @Sendable () async -> String? {
            { [self] in
                count.add(1, ordering: .sequentiallyConsistent)
                if held { for await _ in gate.stream { break } }
                return problem
            }
        }

        func waitFor(_ expected: Int) async throws {
            while count.load(ordering: .sequentiallyConsistent) < expected { try await Task.sleep(for: .milliseconds(1)) }
        }
    }

    @Test func whileACheckRunsRequestsAnswerWithTheLastAnswerAndStartNoOther() async throws {
        let recent = RecentHealth(freshFor: .zero, patience: .seconds(3_600))
        let checks = Checks()
        #expect(await recent.answer(checking: checks.check(answering: nil)) == nil)
        // The next check hangs (a database that does not answer): it is the only one started.
        let slow = Task { await recent.answer(checking: checks.check(answering: "database unavailable", held: true)) }
        try await checks.waitFor(2)
        for _ in 0..<20 { #expect(await recent.answer(checking: checks.check(answering: "other")) == nil) }
        #expect(checks.count.load(ordering: .sequentiallyConsistent) == 2)
        checks.gate.continuation.yield()
        #expect(await slow.value == "database unavailable")
        // Once it answered, the next request checks again (nothing is fresh for `.zero`).
        #expect(await recent.answer(checking: checks.check(answering: nil)) == nil)
        #expect(checks.count.load(ordering: .sequentiallyConsistent) == 3)
    }

    @Test func manyRequestsAtOnceMakeOneCheck() async throws {
        let recent = RecentHealth(freshFor: .seconds(3_600), patience: .seconds(3_600))
        let checks = Checks()
        let answers = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<50 { group.addTask { await recent.answer(checking: checks.check(answering: "degraded: one row")) } }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(answers.count == 50 && answers.allSatisfy { $0 == "degraded: one row" })
        #expect(checks.count.load(ordering: .sequentiallyConsistent) == 1)
    }

    @Test func aCheckThatHangsIsADatabaseThatDoesNotAnswer() async throws {
        let recent = RecentHealth(freshFor: .seconds(3_600), patience: .milliseconds(50))
        let checks = Checks()
        // The request that starts it waits no longer than the patience, and says why.
        #expect(await recent.answer(checking: checks.check(answering: nil, held: true)) == RecentHealth.unavailable)
        // While it hangs, every request says so at once, and no second check piles up behind it.
        for _ in 0..<20 { #expect(await recent.answer(checking: checks.check(answering: nil)) == RecentHealth.unavailable) }
        #expect(checks.count.load(ordering: .sequentiallyConsistent) == 1)
        // Once it answers, its answer is the one given.
        checks.gate.continuation.yield()
        try await eventually("the hung check's answer") {
            await recent.answer(checking: checks.check(answering: "other")) == nil ? true : nil
        }
        #expect(checks.count.load(ordering: .sequentiallyConsistent) == 1)
    }
}
