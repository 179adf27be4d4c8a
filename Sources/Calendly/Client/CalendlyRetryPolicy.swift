import Logging

/// How often and how long to wait before reading from Calendly again: exponential backoff with
/// full jitter, or Calendly's own `Retry-After`. Only reads are retried; see `CalendlyClient`.
public struct CalendlyRetryPolicy: Sendable, Equatable {
    /// Tries in all, the first one included.
    public var attempts: Int
    /// The ceiling of the first wait; it doubles with each retry.
    public var baseDelay: Duration
    /// No wait is longer, not even one Calendly asks for.
    public var maxDelay: Duration

    /// A policy of `attempts` tries in all (at least one).
    public init(attempts: Int, baseDelay: Duration, maxDelay: Duration) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Four tries within a few seconds: an attendee is waiting for the reschedule page.
    public static let standard = CalendlyRetryPolicy(attempts: 4, baseDelay: .milliseconds(250), maxDelay: .seconds(4))

    /// A single try.
    public static let never = CalendlyRetryPolicy(attempts: 1, baseDelay: .zero, maxDelay: .zero)

    /// The wait before retry number `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int, retryAfter: Duration? = nil) -> Duration {
        if let retryAfter { return min(retryAfter, maxDelay) }
        let ceiling = min(baseDelay * (1 << min(max(retry - 1, 0), 30)), maxDelay)
        let nanoseconds = ceiling / .nanoseconds(1)
        guard nanoseconds >= 1 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...Int64(nanoseconds)))
    }

    /// Runs `operation` until it succeeds, fails for good, or the tries run out.
    func run<Value>(
        _ what: @autoclosure () -> String, logger: Logger, _ operation: () async throws(CalendlyFailure) -> Value
    ) async throws(CalendlyError) -> Value {
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch let failure {
                guard failure.error.isRetryable, attempt < attempts, !Task.isCancelled else { throw failure.error }
                let wait = delay(beforeRetry: attempt, retryAfter: failure.retryAfter)
                logger.notice("Calendly call failed, will retry", metadata: [
                    "call": "\(what())", "error": "\(failure.error)", "attempt": "\(attempt)", "wait": "\(wait)",
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

/// An attempt's error with what Calendly said about when to come back.
struct CalendlyFailure: Error {
    let error: CalendlyError
    let retryAfter: Duration?

    init(_ error: CalendlyError, retryAfter: Duration? = nil) {
        self.error = error
        self.retryAfter = retryAfter
    }
}
