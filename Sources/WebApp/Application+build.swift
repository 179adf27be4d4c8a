public import Calendly
public import Foundation
public import Hummingbird
public import Logging
public import Notifier
public import Prometheus
import Crypto
import Fernet
import NIOCore

/// What the HTTP side needs from the rest of the service: the domain operations its routes
/// translate requests into, and the few read-only parts pages and health checks use.
public struct WebAppContext: Sendable {
    public var settings: Settings
    /// For `/healthz`, `/metrics` and short links.
    package var store: any ServiceStore
    public var cancellation: SessionCancellation
    public var reschedules: RescheduleBookings
    public var deliveryReports: DeliveryReports
    public var conversation: InboundConversation
    public var pushNotifications: PushNotifications
    /// Graph's change notifications, when a Microsoft mailbox is watched with push.
    public var graphNotifications: GraphNotifications?
    /// Single-use scheduling links, when `CALENDLY_API_TOKEN` is set.
    public var calendly: CalendlyClient?
    /// Where `/metrics` reads from; `serve` also bootstraps swift-metrics with it.
    public var registry: PrometheusCollectorRegistry
    public var now: @Sendable () -> Date
    /// The built-in booking pages, when `BOOKING_HOURS` is set and there is no Calendly page.
    public var booking: BookingDesk?
    /// The attendee's links on the pages: book again after a cancel, the feed, the feed's own links.
    public var links: AttendeeLinks?
    /// The dashboard's actions, when `DASHBOARD_PASSWORD` is set.
    public var hostActions: HostActions?
    /// Meta's webhook events, with `WHATSAPP_PROVIDER=meta`.
    public var metaEvents: MetaWebhookEvents?
    /// Connecting the host's own accounts at `/host/connect` (with the dashboard).
    public var connector: AccountConnector?
    /// Every calendar watched (Google's and CalDAV's) and those disconnected, for the dashboard
    /// and `/healthz`.
    public var calendars = CalendarDirectory([])

    package init(settings: Settings, store: any ServiceStore, cancellation: SessionCancellation, reschedules: RescheduleBookings,
                deliveryReports: DeliveryReports, conversation: InboundConversation, pushNotifications: PushNotifications,
                calendly: CalendlyClient?,
                registry: PrometheusCollectorRegistry, now: @escaping @Sendable () -> Date = Date.init) {
        self.settings = settings
        self.store = store
        self.cancellation = cancellation
        self.reschedules = reschedules
        self.deliveryReports = deliveryReports
        self.conversation = conversation
        self.pushNotifications = pushNotifications
        self.calendly = calendly
        self.registry = registry
        self.now = now
    }
}

/// The service's HTTP application; the composition root builds it for `serve`, the sandbox and
/// the tests. The sandbox adds its own page with `additionalRoutes`.
public func buildApplication(
    _ context: WebAppContext, host: String, port: Int, logger: Logger,
    additionalRoutes: (Router<ServiceRequestContext>) -> Void = { _ in },
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let router = try buildRouter(context)
    additionalRoutes(router)
    let requestTimeout = TimeAmount(context.settings.http.requestTimeout)
    return Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [RequestDeadlineHandler(limit: requestTimeout)])),
        configuration: .init(address: .hostname(host, port: port), serverName: "gcal-whatsapp"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger
    )
}

/// Mounts each feature's routes.
func buildRouter(_ context: WebAppContext) throws -> Router<ServiceRequestContext> {
    let settings = context.settings
    let pages = try PageTemplates.load(directory: settings.templatesDirectory, business: settings.businessName,
                                       text: context.conversation.text, store: context.store, codec: context.links?.codec)
    // `HEAD` for every `GET` route (uptime monitors use it): the `GET`'s status and headers, no body.
    // A `GET` changes nothing anywhere (DESIGN.md §12), so answering `HEAD` with it is safe.
    let router = Router(context: ServiceRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: ErrorLoggingMiddleware())
    // Requests by route, method and status, with their durations (`/metrics`).
    router.add(middleware: MetricsMiddleware())
    router.addRoutes(HomeController(business: settings.businessName, pages: pages).endpoints)
    // A wrong META_APP_SECRET refuses every status and reply: the dashboard and /healthz say so.
    let signatures = settings.whatsAppProvider == .meta ? RefusedSignatures(provider: "Meta", setting: "META_APP_SECRET") : nil
    router.addRoutes(HealthController(store: context.store, calendars: context.calendars, signatures: signatures, now: context.now).endpoints)
    router.addRoutes(MetricsController(store: context.store, registry: context.registry).endpoints)

    router.addRoutes(ShortLinkController(store: context.store, publicBaseURL: settings.publicBaseURL, pages: pages).endpoints)
    let guardian = FormGuard(formSecret: formSecret(settings), publicBaseURL: settings.publicBaseURL)
    let (store, links, now) = (context.store, context.links, context.now)
    let feed: @Sendable (String) async -> String? = { phone in try? await links?.feedURL(for: phone, in: store, now: now()) }
    let bookAgain: @Sendable (Session) -> String? = { session in
        guard let links, links.booksAgain(session), let phone = session.phone else { return nil }
        return links.pageURL(.book, for: session, attendee: phone)
    }
    if let links = context.links {
        router.addRoutes(LanguageController(store: context.store, codec: links.codec, guardian: guardian, publicBaseURL: settings.publicBaseURL,
                                            pages: pages, now: context.now).endpoints)
    }
    router.addRoutes(CancelController(cancellation: context.cancellation, guardian: guardian, publicBaseURL: settings.publicBaseURL,
                                      pages: pages, bookAgain: bookAgain, feed: feed, now: context.now).endpoints)
    if let booking = context.booking {
        router.addRoutes(SlotPagesController(booking: booking, guardian: guardian, publicBaseURL: settings.publicBaseURL,
                                             daysAhead: settings.booking.daysAhead, pages: pages, feed: feed, now: context.now).endpoints)
    } else {
        let calendly = settings.calendly.schedulingURL.map { CalendlySchedulingPage(schedulingURL: $0, calendly: context.calendly) }
        router.addRoutes(RescheduleController(reschedules: context.reschedules, schedulingPage: calendly, guardian: guardian,
                                              publicBaseURL: settings.publicBaseURL, pages: pages, now: context.now).endpoints)
    }
    router.addRoutes(CalendarFeedController(store: context.store, business: settings.businessName, links: context.links,
                                            now: context.now).endpoints)
    if let password = settings.dashboardPassword, let actions = context.hostActions {
        router.addRoutes(DashboardController(
            password: password.value,
            cookie: HostSessionCookie(password: password.value, linkKey: settings.fernetKeys.first?.base64URL ?? "",
                                      secure: settings.publicBaseURL.scheme?.lowercased() == "https"),
            throttle: LoginThrottle(), trustedProxies: settings.http.trustedProxies, store: context.store, actions: actions, calendars: context.calendars,
            colors: (settings.successColorID, settings.failureColorID, settings.confirmedColorID), pages: pages, now: context.now,
            signatures: signatures
        ).endpoints)
        if let connector = context.connector {
            let secure = settings.publicBaseURL.scheme?.lowercased() == "https"
            let cookie = HostSessionCookie(password: password.value, linkKey: settings.fernetKeys.first?.base64URL ?? "", secure: secure)
            router.addRoutes(ConnectController(
                gate: HostSessionGate(cookie: cookie, store: context.store, now: context.now),
                flows: ConnectFlowCookie(fernet: Fernet(keys: settings.fernetKeys), secure: secure), connector: connector,
                calendars: context.calendars, publicBaseURL: settings.publicBaseURL, pages: pages, now: context.now
            ).endpoints)
        }
    }
    router.addRoutes(CalendlyConfirmController(reschedules: context.reschedules, signingKey: settings.calendly.webhookSigningKey,
                                               pages: pages, now: context.now).endpoints)

    let gate = TwilioWebhookGate(authToken: settings.twilio.authToken, publicBaseURL: settings.publicBaseURL)
    // Only the webhooks of the provider in use: with Meta, Twilio's token is not set, and its routes are not there.
    if settings.whatsAppProvider == .twilio {
        router.addRoutes(TwilioStatusController(gate: gate, deliveryReports: context.deliveryReports, now: context.now).endpoints)
        router.addRoutes(TwilioInboundController(gate: gate, conversation: context.conversation, now: context.now).endpoints)
    }
    router.addRoutes(GooglePushController(notifications: context.pushNotifications).endpoints)
    if let graph = context.graphNotifications { router.addRoutes(MicrosoftPushController(notifications: graph).endpoints) }
    if let events = context.metaEvents, let meta = settings.meta, let signatures {
        router.addRoutes(MetaWebhookController(events: events, appSecret: meta.appSecret.value, verifyToken: meta.verifyToken.value,
                                               signatures: signatures, now: context.now).endpoints)
    }
    return router
}

/// The key behind the cancel form's confirmation value: derived from the first link key, so it
/// needs no setting of its own and changes when that key is rotated.
private func formSecret(_ settings: Settings) -> SymmetricKey {
    let material = Data((settings.fernetKeys.first?.base64URL ?? "") .utf8) + Data("cancel-form".utf8)
    return SymmetricKey(data: SHA256.hash(data: material))
}
