import ClientSupport

/// A failed attempt at a Google call, with Google's `Retry-After` if it sent one.
typealias GoogleFailure = RetryableFailure<GoogleAPIError>
