import TestSupport
import AsyncHTTPClient
import Calendly
import Emulators
import Foundation
import Logging
import Testing

@Suite("Single-use scheduling links")
struct ClientTests {
    @Test("the page's event type is found across pages of event types, then a link on the emulator is made", arguments: [1, 2])
    func singleUseLink(pageSize: Int) async throws {
        try await CalendlyTestbed.run(pageSize: pageSize) { testbed in
            let link = try await testbed.client.singleUseSchedulingLink(for: testbed.calendly.schedulingURL)
            #expect(link.absoluteString.hasPrefix(testbed.calendly.baseURL.deletingLastPathComponent().absoluteString + "d/"))
            #expect(link.path.hasSuffix("/session"))
            let counts = await testbed.calendly.requestCounts
            #expect(counts.currentUser == 1 && counts.eventTypePages == 3 / pageSize + (3 % pageSize == 0 ? 0 : 1))
            #expect(counts.schedulingLinks == 1)
        }
    }

    @Test("the event type is looked up once; each later link is one POST, and a query on the page does not matter")
    func cachedLookup() async throws {
        try await CalendlyTestbed.run { testbed in
            let first = try await testbed.client.singleUseSchedulingLink(for: testbed.calendly.schedulingURL)
            let page = try #require(URL(string: testbed.calendly.schedulingURL.absoluteString + "/?month=2026-11"))
            let second = try await testbed.client.singleUseSchedulingLink(for: page)
            #expect(first != second)
            let counts = await testbed.calendly.requestCounts
            #expect(counts.currentUser == 1 && counts.eventTypePages == 2 && counts.schedulingLinks == 2)
        }
    }

    @Test("a wrong token is Calendly's 401, kept with its title and message")
    func wrongToken() async throws {
        try await CalendlyTestbed.run(apiToken: "not-the-token") { testbed in
            let error = await #expect(throws: CalendlyError.self) {
                try await testbed.client.singleUseSchedulingLink(for: testbed.calendly.schedulingURL)
            }
            #expect(error == .api(status: 401, title: "Unauthenticated", message: "The access token is invalid"))
            #expect(error?.isAuthenticationFailure == true && error?.isRetryable == false)
            #expect(await testbed.calendly.requestCounts.requests == 1)
        }
    }

    @Test("a link books once; the second booking and a later visit find it used")
    func linkWorksOnce() async throws {
        try await CalendlyTestbed.run { testbed in
            let link = try await testbed.client.singleUseSchedulingLink(for: testbed.calendly.schedulingURL)
            let booking = try await testbed.calendly.book(
                link, start: Fixtures.nextSlot(), name: CalendlyTestbed.attendeeName, email: CalendlyTestbed.attendeeEmail,
                phone: CalendlyTestbed.attendeePhone)
            #expect(booking.bookingURL == link && booking.eventTypeName == "30 Minute Meeting")
            await #expect(throws: CalendlyBookingError.linkAlreadyUsed(link.absoluteString)) {
                try await testbed.calendly.book(link, start: Fixtures.nextSlot(daysAhead: 3), name: "Other", email: "o@example.com", phone: "+15005550006")
            }
            let visit = try await Browser.get(link)
            #expect(visit.status == 410 && visit.body.contains("already been used"))
            #expect(await testbed.google.events(in: CalendlyTestbed.calendarID).count == 1)
            #expect(try await Browser.get(testbed.calendly.schedulingURL).status == 200)
        }
    }

    @Test("a page that is no event type of the account is eventTypeNotFound")
    func unknownPage() async throws {
        try await CalendlyTestbed.run { testbed in
            let page = try #require(URL(string: "https://calendly.com/someone-else/30min"))
            let error = await #expect(throws: CalendlyError.self) { try await testbed.client.singleUseSchedulingLink(for: page) }
            #expect(error == .eventTypeNotFound(page.absoluteString))
            #expect(await testbed.calendly.requestCounts.schedulingLinks == 0)
        }
    }

    @Test("reads are retried after 429 and 500; the POST is not")
    func retries() async throws {
        try await CalendlyTestbed.run { testbed in
            await testbed.calendly.injectAPIFaults([.tooManyRequests, .serverError])
            _ = try await testbed.client.singleUseSchedulingLink(for: testbed.calendly.schedulingURL)
            #expect(await testbed.calendly.requestCounts.currentUser == 3)

            await testbed.calendly.injectAPIFaults([.serverError])
            let error = await #expect(throws: CalendlyError.self) {
                try await testbed.client.singleUseSchedulingLink(for: testbed.calendly.schedulingURL)
            }
            #expect(error?.isRetryable == true)
            #expect(await testbed.calendly.requestCounts.schedulingLinks == 2)
            #expect(await testbed.calendly.bookings().isEmpty)
        }
    }

    @Test("no answer at all is a transport error, which a read may retry")
    func unreachable() async throws {
        // Bound and not listening for the whole test: a stopped emulator's port could be taken by
        // a parallel test's server before the call (seen in CI), which then is no transport error.
        let refusing = try LoopbackPort.Refusing()
        defer { withExtendedLifetime(refusing) {} }
        let baseURL = URL(string: "http://127.0.0.1:\(refusing.port)")!
        let client = CalendlyClient(
            apiToken: CalendlyEmulator.defaultAPIToken, baseURL: baseURL, httpClient: .shared, retry: .never,
            requestTimeout: .seconds(2), logger: Logger(label: "CalendlyTests"))
        let error = await #expect(throws: CalendlyError.self) { try await client.currentUser() }
        #expect(error.map { if case .transport = $0 { true } else { false } } == true)
    }
}
