public import Foundation
import AsyncHTTPClient
import Hummingbird

/// Calendly served in-process over real HTTP on 127.0.0.1: the host's booking pages (plain HTML
/// forms), the API calls this service makes, and bookings that land in the Google emulator's
/// calendar, followed by a redirect and a signed `invitee.created` webhook in an order a test
/// chooses. One emulator is one host account with a few event types.
public final class CalendlyEmulator: Sendable {
    /// Shaped like a personal access token and a webhook signing key; any text works.
    public static let defaultAPIToken = "eyJraWQiOiIxY2UxZTEzNjE3ZGNmNzY2YjNjZWJjY2Y4ZGM1YmFmYThhNjVlNjg0MDIzZjdjMzJiZTgzNDliMjM4MDEzNWI0IiwidHlwIjoiUEFUIiwiYWxnIjoiRVMyNTYifQ"
    public static let defaultSigningKey = "dsvJ3pPSmfCIy6qbO-N7X9bjLgR0uCtNUvkAx3dvSqc"

    /// `http://127.0.0.1:<port>/api`, the client's `baseURL`.
    public let baseURL: URL
    /// `http://127.0.0.1:<port>/host/session`, the 30-minute event type's page (`CALENDLY_SCHEDULING_URL`).
    public let schedulingURL: URL
    /// Every event type's page, the main one last so that finding it takes the API's paging.
    public let schedulingURLs: [URL]
    public let apiToken: String
    public let signingKey: String
    public let hostName: String
    /// The Google calendar bookings are written to.
    public let calendarID: String

    let account: SchedulingAccount
    let desk: BookingDesk
    private let server: LoopbackServer

    private init(baseURL: URL, pages: [URL], apiToken: String, desk: BookingDesk, server: LoopbackServer) {
        self.baseURL = baseURL
        schedulingURLs = pages
        schedulingURL = pages[pages.count - 1]
        self.apiToken = apiToken
        signingKey = desk.courier.signingKey
        hostName = desk.account.hostName
        calendarID = desk.calendarID
        account = desk.account
        self.desk = desk
        self.server = server
    }

    /// Starts on a free port, booking into `calendarID` of `google` (created if missing), with
    /// event-type lists cut into pages of at most `pageSize`.
    public static func start(
        google: GoogleEmulator, calendarID: String, apiToken: String = defaultAPIToken, signingKey: String = defaultSigningKey,
        hostName: String = "Host Name", timeZone: String = "Asia/Kolkata", pageSize: Int = 2
    ) async throws -> CalendlyEmulator {
        if (try? await google.store.calendar(calendarID)) == nil {
            await google.addCalendar(calendarID, timeZone: timeZone)
        }
        let account = SchedulingAccount(
            hostName: hostName, timeZone: TimeZone(identifier: timeZone) ?? .gmt, pageSize: pageSize, eventTypes: [
                EmulatedEventType(uuid: CalendlyWire.uuid(), name: "15 Minute Meeting", slug: "intro", minutes: 15),
                EmulatedEventType(uuid: CalendlyWire.uuid(), name: "60 Minute Consultation", slug: "consultation", minutes: 60),
                EmulatedEventType(uuid: CalendlyWire.uuid(), name: "30 Minute Meeting", slug: "session", minutes: 30),
            ])
        let desk = BookingDesk(
            account: account, google: google, calendarID: calendarID,
            courier: CalendlyWebhookCourier(httpClient: .shared, signingKey: signingKey))
        let router = Router()
        CalendlyAPIRoutes(account: account, gate: CalendlyAPIGate(apiToken: apiToken, account: account)).add(to: router)
        BookingPageRoutes(account: account, desk: desk).add(to: router)

        let server = try await LoopbackServer.start(router, name: "Calendly")
        await account.setOrigin(URL(string: "http://127.0.0.1:\(server.port)")!)
        var pages: [URL] = []
        for eventType in account.eventTypes { pages.append(await account.pageURL(of: eventType)) }
        return CalendlyEmulator(
            baseURL: await account.apiRoot, pages: pages, apiToken: apiToken, desk: desk, server: server)
    }

    /// Stops serving: webhooks under way are cancelled, held ones dropped, and the port is closed.
    public func stop() async {
        await desk.courier.close()
        await server.stop()
    }

    /// An emulator forgotten without `stop()` (a test that threw early) still closes its port.
    deinit {
        desk.courier.cancelAll()
        server.cancel()
    }
}
