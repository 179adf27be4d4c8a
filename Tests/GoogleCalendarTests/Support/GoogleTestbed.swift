import TestSupport
import ClientSupport
import AsyncHTTPClient
import Emulators
import Foundation
import GoogleCalendar
import Logging

/// A Google emulator trusting the test key, and a client signed in with that key; both live
/// only for the duration of `body`.
struct GoogleTestbed {
    static let calendarID = "host@example.com"
    /// Millisecond waits so that retry tests stay fast.
    static let quickRetry = CallRetryPolicy.quick

    let google: GoogleEmulator
    let client: GoogleCalendarClient
    let key: ServiceAccountKey

    static func run<Value>(
        pageSize: Int = 3, retry: CallRetryPolicy = quickRetry, requestTimeout: Duration = .seconds(10),
        clock: TestClock? = nil, _ body: (GoogleTestbed) async throws -> Value
    ) async throws -> Value {
        let google = try await GoogleEmulator.start(trusting: Fixtures.text("google/service-account.test.pub.pem"), pageSize: pageSize)
        return try await stopping({ await google.stop() }) {
            await google.addCalendar(calendarID)
            let key = try ServiceAccountKey(json: Fixtures.serviceAccountJSON(tokenURI: google.tokenURL))
            let now: @Sendable () -> Date = { clock?.now ?? Date() }
            let auth = ServiceAccountAuth(key: key, httpClient: .shared, requestTimeout: requestTimeout, now: now)
            let client = GoogleCalendarClient(
                auth: auth, baseURL: google.baseURL, httpClient: .shared, retry: retry,
                requestTimeout: requestTimeout, logger: Logger(label: "GoogleCalendarTests")
            )
            return try await body(GoogleTestbed(google: google, client: client, key: key))
        }
    }

    /// A timed event in the test calendar, `hours` from now, an hour long.
    @discardableResult
    func createSession(_ summary: String, inHours hours: Double, location: String? = "+91 98765 43210") async throws -> String {
        let start = Date().addingTimeInterval(hours * 3600)
        return try await google.createEvent(
            in: Self.calendarID, summary: summary, start: start, end: start.addingTimeInterval(3600), location: location
        )
    }

    /// A week back to a month ahead, the sort of window the watcher syncs.
    static var window: (timeMin: Date, timeMax: Date) {
        (Date().addingTimeInterval(-7 * 86400), Date().addingTimeInterval(30 * 86400))
    }

    static var fullSync: EventListQuery {
        .full(timeMin: window.timeMin, timeMax: window.timeMax)
    }
}
