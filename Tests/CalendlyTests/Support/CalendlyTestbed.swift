import ClientSupport
import AsyncHTTPClient
import Calendly
import Emulators
import Foundation
import Logging
import TestSupport

/// A Google emulator with the host's calendar, a Calendly emulator booking into it, and a client
/// holding the Calendly token; all live only for the duration of `body`.
struct CalendlyTestbed {
    static let calendarID = "host@example.com"
    /// Millisecond waits so that retry tests stay fast.
    static let quickRetry = CallRetryPolicy.quick

    let google: GoogleEmulator
    let calendly: CalendlyEmulator
    let client: CalendlyClient

    static func run<Value>(
        pageSize: Int = 2, apiToken: String? = nil, retry: CallRetryPolicy = quickRetry,
        _ body: (CalendlyTestbed) async throws -> Value
    ) async throws -> Value {
        let google = try await GoogleEmulator.start()
        return try await stopping({ await google.stop() }) {
            let calendly = try await CalendlyEmulator.start(google: google, calendarID: calendarID, pageSize: pageSize)
            let client = CalendlyClient(
                apiToken: apiToken ?? calendly.apiToken, baseURL: calendly.baseURL, httpClient: .shared, retry: retry,
                requestTimeout: .seconds(10), logger: Logger(label: "CalendlyTests"))
            return try await stopping({ await calendly.stop() }) {
                try await body(CalendlyTestbed(google: google, calendly: calendly, client: client))
            }
        }
    }

    /// The attendee's details used throughout.
    static let attendeeName = "Asha Rao"
    static let attendeeEmail = "attendee@example.com"
    static let attendeePhone = "+919876543210"
}
