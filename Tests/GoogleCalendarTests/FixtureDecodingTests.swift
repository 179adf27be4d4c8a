import CalendarModel
import TestSupport
import Foundation
import Testing

@testable import GoogleCalendar

/// Google's own samples read into the client's types, so the client matches Google and not
/// just the emulator.
@Suite("Google samples")
struct FixtureDecodingTests {
    @Test("both pages of a full listing")
    func fullListingPages() throws {
        let first = try JSONDecoder().decode(EventsPage.self, from: Fixtures.data("google/events-list-full-page1.json"))
        #expect(first.items.count == 2)
        #expect(first.nextPageToken == "CigKGjRxbGxxa2RjNGY0bTBxbWF1cmxxdWxxNnR1GAEggIDA")
        #expect(first.nextSyncToken == nil)
        #expect(first.timeZone == "Asia/Kolkata")
        let session = first.items[0]
        #expect(session.start == EventTime(dateTime: "2026-11-24T15:00:00+05:30", timeZone: "Asia/Kolkata"))
        #expect(session.start?.instant == RFC3339.date(from: "2026-11-24T09:30:00Z"))
        #expect(session.location == "98765 43210")
        #expect(first.items[1].start == EventTime(date: "2026-11-27"))

        let last = try JSONDecoder().decode(EventsPage.self, from: Fixtures.data("google/events-list-full-page2.json"))
        #expect(last.nextPageToken == nil)
        #expect(last.nextSyncToken == "CPDAlvWDx70CEPDAlvWDx70CGAU=")
        #expect(last.items.first?.sequence == 1)
    }

    @Test("a repeating event's instances: one edited, one cancelled")
    func recurringInstances() throws {
        let page = try JSONDecoder().decode(EventsPage.self, from: Fixtures.data("google/events-list-recurring.json"))
        #expect(page.items.count == 3)
        #expect(page.items.allSatisfy { $0.recurringEventId == "7cbh8rpc10lrc0ckih9tafss99" })
        #expect(page.items[0].id == "7cbh8rpc10lrc0ckih9tafss99_20261208T093000Z")
        let moved = page.items[1]
        #expect(moved.start?.instant == RFC3339.date(from: "2026-12-15T11:30:00Z"))
        #expect(moved.originalStartTime?.instant == RFC3339.date(from: "2026-12-15T09:30:00Z"), "an exception keeps its original start")
        let cancelled = page.items[2]
        #expect(cancelled.isDeleted && cancelled.start == nil)
        #expect(cancelled.originalStartTime?.instant == RFC3339.date(from: "2026-12-22T09:30:00Z"))
    }

    @Test("an incremental listing with a deleted event")
    func incrementalListing() throws {
        let page = try JSONDecoder().decode(EventsPage.self, from: Fixtures.data("google/events-list-incremental.json"))
        #expect(page.items.map(\.isDeleted) == [false, true])
        #expect(page.items[1].summary == nil && page.items[1].start == nil)
        #expect(page.nextSyncToken == "CKjXqPqDx70CEKjXqPqDx70CGAU=")
    }

    @Test("error bodies keep Google's status, reason and message")
    func errorBodies() throws {
        let rateLimit = GoogleErrorBody.error(status: 403, body: try Fixtures.data("google/error-403-rate-limit.json"))
        #expect(rateLimit == .api(status: 403, reason: "rateLimitExceeded", message: "Rate Limit Exceeded"))
        #expect(rateLimit.isRetryable)
        let notFound = GoogleErrorBody.error(status: 404, body: try Fixtures.data("google/error-404-not-found.json"))
        #expect(notFound == .api(status: 404, reason: "notFound", message: "Not Found"))
        #expect(notFound.isGone && !notFound.isRetryable)
        let gone = GoogleErrorBody.error(status: 410, body: try Fixtures.data("google/error-410-full-sync-required.json"))
        #expect(gone == .api(status: 410, reason: "fullSyncRequired", message: "Sync token is no longer valid, a full sync is required."))
        #expect(gone.isFullSyncRequired)
        let html = GoogleErrorBody.error(status: 502, body: Data("<html>Bad Gateway</html>".utf8))
        #expect(html == .api(status: 502, reason: nil, message: "<html>Bad Gateway</html>"))
    }

    @Test("token answers, granted and refused")
    func tokenAnswers() throws {
        let issuedAt = Date(timeIntervalSince1970: 1_800_000_000)
        let token = try TokenAnswer.accessToken(status: 200, body: Fixtures.data("google/token-response.json"), issuedAt: issuedAt)
        #expect(token.value == "ya29.c.b0AXv0zTPx-test-only-token")
        #expect(token.expiresAt == issuedAt.addingTimeInterval(3599))
        #expect(throws: GoogleAPIError.tokenRefused(status: 400, error: "invalid_grant", description: "Invalid JWT Signature.")) {
            try TokenAnswer.accessToken(status: 400, body: Fixtures.data("google/token-error-invalid-grant.json"), issuedAt: issuedAt)
        }
    }

    @Test("the colour palette")
    func colors() throws {
        let colors = try JSONDecoder().decode(EventColors.self, from: Fixtures.data("google/colors.json")).backgrounds
        #expect(colors["10"] == "#51b749")
        #expect(colors["11"] == "#dc2127")
    }

    @Test("the test service-account key")
    func serviceAccountKey() throws {
        let key = try ServiceAccountKey(json: Fixtures.data("google/service-account.test.json"))
        #expect(key.clientEmail == "notifier@test-project.iam.gserviceaccount.com")
        #expect(key.privateKeyID == "0123456789abcdef0123456789abcdef01234567")
        #expect(key.tokenURI.absoluteString == "https://oauth2.googleapis.com/token")
    }

    @Test("the push-channel answer as the client reads it")
    func watchResponse() throws {
        let answer = try JSONDecoder().decode(WatchAnswer.self, from: Fixtures.data("google/watch-response.json"))
        #expect(answer.resourceId == "o3hgv1538sdjfh")
        #expect(answer.expiration == "1796342400000", "milliseconds since 1970, as a string")
    }
}
