public import Foundation
import AsyncHTTPClient
import Hummingbird
import ServiceLifecycle

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
    private let services: ServiceGroup
    private let server: Task<Void, any Error>

    private init(baseURL: URL, pages: [URL], apiToken: String, desk: BookingDesk, services: ServiceGroup, server: Task<Void, any Error>) {
        self.baseURL = baseURL
        schedulingURLs = pages
        schedulingURL = pages[pages.count - 1]
        self.apiToken = apiToken
        signingKey = desk.courier.signingKey
        hostName = desk.account.hostName
        calendarID = desk.calendarID
        account = desk.account
        self.desk = desk
        self.services = services
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

        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "CalendlyEmulator"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            }
        )
        // Our own group, without signal handlers, so that `stop()` shuts down gracefully.
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: app.logger))
        let server = Task {
            defer { portContinuation.finish() }
            try await services.run()
        }
        for await port in ports where port > 0 {
            await account.setOrigin(URL(string: "http://127.0.0.1:\(port)")!)
            var pages: [URL] = []
            for eventType in account.eventTypes { pages.append(await account.pageURL(of: eventType)) }
            return CalendlyEmulator(
                baseURL: await account.apiRoot, pages: pages, apiToken: apiToken, desk: desk, services: services, server: server)
        }
        server.cancel()
        _ = await server.result
        throw EmulatorStartError(service: "Calendly")
    }

    /// Stops serving: webhooks under way are cancelled, held ones dropped, and the port is closed.
    public func stop() async {
        await desk.courier.close()
        await services.triggerGracefulShutdown()
        _ = await server.result
    }

    /// An emulator forgotten without `stop()` (a test that threw early) still closes its port.
    deinit {
        desk.courier.cancelAll()
        server.cancel()
    }
}
