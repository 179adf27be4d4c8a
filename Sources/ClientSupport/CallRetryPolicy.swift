public import Logging

/// How often, within one call, and how long to wait before asking an outside API again after an
/// error worth retrying: exponential backoff with full jitter (as Google and Twilio recommend), or
/// the wait the API asked for with `Retry-After`. The Google, Twilio and Calendly clients all use
/// it. (A message's attempts across passes are spaced by the outbox's `OutboxRetrySchedule`.)
public struct CallRetryPolicy: Sendable, Equatable {
    /// Tries in all, the first one included.
    public var attempts: Int
    /// The ceiling of the first wait; it doubles with each retry.
    public var baseDelay: Duration
    /// No wait is longer, not even one the API asks for with `Retry-After`.
    public var maxDelay: Duration
    /// No try starts later than this after the first one began (nil: only `attempts` bounds the
    /// call): for calls that must end within a known time, such as a send another worker may
    /// take over once its lease runs out.
    public var lastTryStart: Duration?

    /// A policy of `attempts` tries in all (at least one).
    public init(attempts: Int, baseDelay: Duration, maxDelay: Duration, lastTryStart: Duration? = nil) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.lastTryStart = lastTryStart
    }

    /// This policy, with no try starting later than `limit` after the first.
    public func startingNoTryAfter(_ limit: Duration) -> CallRetryPolicy {
        var bounded = self
        bounded.lastTryStart = limit
        return bounded
    }

    /// Five tries over about a minute at most.
    public static let standard = CallRetryPolicy(attempts: 5, baseDelay: .milliseconds(500), maxDelay: .seconds(32))

    /// A single try.
    public static let never = CallRetryPolicy(attempts: 1, baseDelay: .zero, maxDelay: .zero)

    /// The wait before retry number `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int, retryAfter: Duration? = nil) -> Duration {
        if let retryAfter { return min(retryAfter, maxDelay) }
        let ceiling = min(baseDelay * (1 << min(max(retry - 1, 0), 30)), maxDelay)
        let nanoseconds = ceiling / .nanoseconds(1)
        guard nanoseconds >= 1 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...Int64(nanoseconds)))
    }

    /// Runs `operation` until it succeeds, fails with an error `shouldRetry` refuses, or the
    /// tries run out; each retry is logged with `describe(error)`, which must hold no secret.
    public func run<Value, Failure: Error>(
        _ what: @autoclosure () -> String, logger: Logger, retryingWhen shouldRetry: (Failure) -> Bool,
        describe: (Failure) -> String = { "\($0)" },
        _ operation: () async throws(RetryableFailure<Failure>) -> Value
    ) async throws(Failure) -> Value {
        var attempt = 1
        let started = ContinuousClock.now
        while true {
            do {
                return try await operation()
            } catch let failure {
                guard shouldRetry(failure.error), attempt < attempts, !Task.isCancelled else { throw failure.error }
                let wait = delay(beforeRetry: attempt, retryAfter: failure.retryAfter)
                if let lastTryStart, ContinuousClock.now - started + wait > lastTryStart { throw failure.error }
                logger.notice("call failed, will retry", metadata: [
                    "call": "\(what())", "error": "\(describe(failure.error))", "attempt": "\(attempt)", "wait": "\(wait)",
                ])
                do {
                    try await Task.sleep(for: wait)
                } catch {
                    throw failure.error
                }
                attempt += 1
            }
        }
    }
}

/// An attempt's error with what the API said about when to come back.
public struct RetryableFailure<Failure: Error>: Error {
    public let error: Failure
    public let retryAfter: Duration?

    public init(_ error: Failure, retryAfter: Duration? = nil) {
        self.error = error
        self.retryAfter = retryAfter
    }
}
