import Logging

/// How often and how long to wait before asking Twilio again: exponential backoff with full
/// jitter, or Twilio's own `Retry-After`. Named apart from the Google client's policy so that
/// code importing both clients can name either without qualifying it.
public struct TwilioRetryPolicy: Sendable, Equatable {
    /// Tries in all, the first one included.
    public var attempts: Int
    /// The ceiling of the first wait; it doubles with each retry.
    public var baseDelay: Duration
    /// No wait is longer, not even one Twilio asks for with `Retry-After`.
    public var maxDelay: Duration

    public init(attempts: Int, baseDelay: Duration, maxDelay: Duration) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Five tries over about half a minute at most.
    public static let standard = TwilioRetryPolicy(attempts: 5, baseDelay: .milliseconds(500), maxDelay: .seconds(16))

    /// A single try.
    public static let never = TwilioRetryPolicy(attempts: 1, baseDelay: .zero, maxDelay: .zero)

    /// The wait before retry number `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int, retryAfter: Duration? = nil) -> Duration {
        if let retryAfter { return min(retryAfter, maxDelay) }
        let ceiling = min(baseDelay * (1 << min(max(retry - 1, 0), 30)), maxDelay)
        let nanoseconds = ceiling / .nanoseconds(1)
        guard nanoseconds >= 1 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...Int64(nanoseconds)))
    }

    /// Runs `operation` until it succeeds, fails with an error `shouldRetry` refuses, or the tries run out.
    func run<Value>(
        _ what: @autoclosure () -> String, logger: Logger, retryingWhen shouldRetry: (TwilioError) -> Bool,
        _ operation: () async throws(TwilioFailure) -> Value
    ) async throws(TwilioError) -> Value {
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch let failure {
                guard shouldRetry(failure.error), attempt < attempts, !Task.isCancelled else { throw failure.error }
                let wait = delay(beforeRetry: attempt, retryAfter: failure.retryAfter)
                logger.notice("Twilio call failed, will retry", metadata: [
                    "call": "\(what())", "error": "\(failure.error.logText)", "attempt": "\(attempt)", "wait": "\(wait)",
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

/// An attempt's error with what Twilio said about when to come back.
struct TwilioFailure: Error {
    let error: TwilioError
    let retryAfter: Duration?

    init(_ error: TwilioError, retryAfter: Duration? = nil) {
        self.error = error
        self.retryAfter = retryAfter
    }
}
