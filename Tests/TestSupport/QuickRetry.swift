public import ClientSupport

extension CallRetryPolicy {
    /// Retries within milliseconds, so that a test of a rate limit or an outage ends at once.
    public static let quick = CallRetryPolicy(attempts: 4, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))
}
