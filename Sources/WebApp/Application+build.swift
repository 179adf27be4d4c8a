public import Foundation
public import Hummingbird
public import Logging
public import Notifier
public import Prometheus
import Crypto
import NIOCore

/// Everything the HTTP side needs from the rest of the service.
public struct WebAppDependencies: Sendable {
    public var notifier: Notifier
    /// Where `/metrics` reads from; `serve` also bootstraps swift-metrics with it.
    public var registry: PrometheusCollectorRegistry
    /// Rung when a cancellation is confirmed, so the watcher sees the deletion at once.
    public var watcherBell: Doorbell
    /// Rung when a delivery report arrives, so the calendar shows it soon.
    public var courierBell: Doorbell
    public var now: @Sendable () -> Date

    public init(notifier: Notifier, registry: PrometheusCollectorRegistry, watcherBell: Doorbell, courierBell: Doorbell,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.notifier = notifier
        self.registry = registry
        self.watcherBell = watcherBell
        self.courierBell = courierBell
        self.now = now
    }
}

/// The service's HTTP application. `serve`, the sandbox and the tests all build it here; the
/// sandbox adds its own page with `additionalRoutes`.
public func buildApplication(
    _ dependencies: WebAppDependencies, host: String, port: Int, logger: Logger,
    additionalRoutes: (Router<BasicRequestContext>) -> Void = { _ in },
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let router = try buildRouter(dependencies)
    additionalRoutes(router)
    let requestTimeout = TimeAmount(dependencies.notifier.settings.http.requestTimeout)
    return Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [RequestDeadlineHandler(limit: requestTimeout)])),
        configuration: .init(address: .hostname(host, port: port), serverName: "gcal-whatsapp"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger
    )
}

/// Mounts each feature's routes.
func buildRouter(_ dependencies: WebAppDependencies) throws -> Router<BasicRequestContext> {
    let notifier = dependencies.notifier
    let settings = notifier.settings
    let pages = try PageTemplates.load(directory: settings.templatesDirectory)
    let router = Router()
    router.add(middleware: ErrorLoggingMiddleware())
    HealthController(store: notifier.store).add(to: router)
    MetricsController(store: notifier.store, registry: dependencies.registry).add(to: router)

    let check = LinkCheck(codec: notifier.links, store: notifier.store, calendarIDs: settings.calendarIDs)
    ShortLinkController(store: notifier.store, publicBaseURL: settings.publicBaseURL, pages: pages).add(to: router)
    CancelController(
        check: check, deleteEvent: { [google = notifier.google] in try await google.deleteEvent(calendarID: $0, eventID: $1) },
        formSecret: formSecret(settings), publicBaseURL: settings.publicBaseURL, pages: pages,
        watcherBell: dependencies.watcherBell, now: dependencies.now
    ).add(to: router)

    RescheduleController(check: check, store: notifier.store, schedulingURL: settings.calendly.schedulingURL,
                         calendly: notifier.calendly, pages: pages, now: dependencies.now).add(to: router)
    let booking = RescheduleBooking(check: check, store: notifier.store, watcherBell: dependencies.watcherBell, courierBell: dependencies.courierBell)
    CalendlyConfirmController(booking: booking, signingKey: settings.calendly.webhookSigningKey, pages: pages,
                              now: dependencies.now).add(to: router)

    let gate = TwilioWebhookGate(authToken: settings.twilio.authToken, publicBaseURL: settings.publicBaseURL)
    TwilioStatusController(gate: gate, store: notifier.store, courierBell: dependencies.courierBell, now: dependencies.now)
        .add(to: router)
    TwilioInboundController(gate: gate, store: notifier.store, text: notifier.text, now: dependencies.now).add(to: router)
    return router
}

/// The key behind the cancel form's confirmation value: derived from the first link key, so it
/// needs no setting of its own and changes when that key is rotated.
private func formSecret(_ settings: Settings) -> SymmetricKey {
    let material = Data((settings.fernetKeys.first?.base64URL ?? "") .utf8) + Data("cancel-form".utf8)
    return SymmetricKey(data: SHA256.hash(data: material))
}
