import ClientSupport
import Emulators
import Foundation
import GoogleCalendar
import Testing
import Logging

@Suite("Retries and time limits")
struct RetryTests {
    let calendarID = GoogleTestbed.calendarID

    @Test("rate limits and server errors are retried to the same result")
    func retryableErrorsAreRetried() async throws {
        try await GoogleTestbed.run { testbed in
            for hour in 1...4 { try await testbed.createSession("Session \(hour)", inHours: Double(hour)) }
            let calm = try await testbed.client.listAllEvents(calendarID: calendarID, query: GoogleTestbed.fullSync)
            let before = await testbed.google.requestCounts

            await testbed.google.injectFaults([.tooManyRequests429, .serverError500, .rateLimit403])
            let stormy = try await testbed.client.listAllEvents(calendarID: calendarID, query: GoogleTestbed.fullSync)
            #expect(stormy.events == calm.events)
            let after = await testbed.google.requestCounts
            #expect(after.faulted - before.faulted == 3)
            #expect(after.api - before.api == 2 + 3, "two pages, three of the tries refused")
        }
    }

    @Test("a fault on each try until the tries run out surfaces the last error")
    func retriesRunOut() async throws {
        try await GoogleTestbed.run { testbed in
            await testbed.google.injectFaults(Array(repeating: .serverError500, count: 4))
            let error = await #expect(throws: GoogleAPIError.self) { try await testbed.client.colors() }
            #expect(error == .api(status: 500, reason: "backendError", message: "Backend Error"))
            #expect(await testbed.google.requestCounts.api == GoogleTestbed.quickRetry.attempts)
        }
    }

    /// A send call must end within a known time (`SendCallLimit`): no try starts after
    /// `lastTryStart`, however many tries are left and whatever wait the API asks for.
    @Test("no try starts after the policy's last start")
    func noTryStartsAfterTheLastStart() async throws {
        struct Busy: Error {}
        let policy = CallRetryPolicy(attempts: 50, baseDelay: .milliseconds(20), maxDelay: .milliseconds(20))
            .startingNoTryAfter(.milliseconds(50))
        var tries = 0
        let started = ContinuousClock.now
        await #expect(throws: Busy.self) {
            _ = try await policy.run("test", logger: Logger(label: "test"), retryingWhen: { (_: Busy) in true }) { () async throws(RetryableFailure<Busy>) -> Int in
                tries += 1
                throw RetryableFailure(Busy(), retryAfter: .milliseconds(20))
            }
        }
        #expect((1...3).contains(tries), "\(tries) tries")
        #expect(ContinuousClock.now - started < .seconds(5))
        // An asked-for wait that would pass the last start ends the call at once.
        let long = CallRetryPolicy(attempts: 5, baseDelay: .zero, maxDelay: .seconds(32)).startingNoTryAfter(.seconds(1))
        tries = 0
        await #expect(throws: Busy.self) {
            _ = try await long.run("test", logger: Logger(label: "test"), retryingWhen: { (_: Busy) in true }) { () async throws(RetryableFailure<Busy>) -> Int in
                tries += 1
                throw RetryableFailure(Busy(), retryAfter: .seconds(30))
            }
        }
        #expect(tries == 1)
    }

    @Test("a plain 403 is final")
    func forbiddenIsFinal() async throws {
        try await GoogleTestbed.run { testbed in
            await testbed.google.injectFaults([.forbidden403])
            let error = await #expect(throws: GoogleAPIError.self) { try await testbed.client.colors() }
            #expect(error == .api(status: 403, reason: "forbidden", message: "Forbidden"))
            #expect(error?.isRetryable == false)
            #expect(await testbed.google.requestCounts.api == 1)
        }
    }

    @Test("a 404 is final")
    func notFoundIsFinal() async throws {
        try await GoogleTestbed.run { testbed in
            await #expect(throws: GoogleAPIError.self) {
                try await testbed.client.event(calendarID: calendarID, eventID: "unknown0000000000000000000")
            }
            #expect(await testbed.google.requestCounts.api == 1)
        }
    }

    @Test("a slow answer hits the request time limit")
    func slowAnswerTimesOut() async throws {
        try await GoogleTestbed.run(retry: .never, requestTimeout: .seconds(1)) { testbed in
            _ = try await testbed.client.accessToken()
            await testbed.google.injectFaults([.slow(.seconds(10))])
            let error = await #expect(throws: GoogleAPIError.self) { try await testbed.client.colors() }
            #expect(error == .timeout)
        }
    }

    @Test("a timed-out call is retried")
    func timeoutIsRetried() async throws {
        try await GoogleTestbed.run(requestTimeout: .seconds(1)) { testbed in
            _ = try await testbed.client.accessToken()
            await testbed.google.injectFaults([.slow(.seconds(10))])
            #expect(try await testbed.client.colors()["10"] == "#51b749")
            // At least one retry; on a very busy machine a healthy answer may also miss the limit.
            #expect(await testbed.google.requestCounts.api >= 2)
        }
    }

    @Test("backoff grows with each retry, stays under the ceiling, and honours Retry-After up to it")
    func backoffDelays() {
        let policy = CallRetryPolicy(attempts: 6, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        for retry in 1...6 {
            let ceiling = min(Duration.milliseconds(100) * (1 << (retry - 1)), .seconds(1))
            for _ in 0..<20 {
                let delay = policy.delay(beforeRetry: retry)
                #expect(delay >= .zero && delay <= ceiling)
            }
        }
        #expect(policy.delay(beforeRetry: 1, retryAfter: .milliseconds(700)) == .milliseconds(700))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(30)) == .seconds(1))
    }
}
