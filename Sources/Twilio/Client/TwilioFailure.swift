import ClientSupport

/// A failed attempt at a Twilio call, with Twilio's `Retry-After` if it sent one.
typealias TwilioFailure = RetryableFailure<TwilioError>
