import ClientSupport

/// A failed attempt at a Calendly call, with Calendly's `Retry-After` if it sent one.
typealias CalendlyFailure = RetryableFailure<CalendlyError>
