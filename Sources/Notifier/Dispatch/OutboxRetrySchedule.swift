import Foundation

/// When to try a message again: exponential backoff with jitter, from `base` up to `cap`, and
/// a last attempt after which the message is marked failed. With the defaults, a Twilio outage
/// of a few hours is ridden out.
public struct OutboxRetrySchedule: Sendable {
    public var base: Duration
    public var cap: Duration
    public var maxAttempts: Int

    public init(base: Duration, cap: Duration, maxAttempts: Int) {
        self.base = base
        self.cap = cap
        self.maxAttempts = maxAttempts
    }

    public static let standard = OutboxRetrySchedule(base: .seconds(30), cap: .seconds(3_600), maxAttempts: 12)

    /// The wait after `attempts` failed attempts, between half and all of the backoff.
    func delay(afterAttempts attempts: Int) -> TimeInterval {
        let exponential = seconds(base) * pow(2, Double(max(0, attempts - 1)))
        let backoff = min(seconds(cap), exponential)
        return backoff / 2 + Double.random(in: 0...(backoff / 2))
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
