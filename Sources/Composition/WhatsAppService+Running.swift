import Foundation
public import Hummingbird
import Logging
public import Prometheus
public import ServiceLifecycle
public import UnixSignals
import Notifier
import WebApp

extension WhatsAppService {
    /// The HTTP application and the three loops (watching, sending, writing back) in one group,
    /// each named for the log. `signals` stop it gracefully; tests pass none and trigger the
    /// shutdown themselves. `onServerRunning` gets the port the server bound.
    public func serviceGroup(
        signals: [UnixSignal] = [.sigterm, .sigint], registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        additionalRoutes: (Router<ServiceRequestContext>) -> Void = { _ in },
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> ServiceGroup {
        var context = WebAppContext(
            settings: settings, store: store, cancellation: web.cancellation, reschedules: web.reschedules,
            deliveryReports: web.deliveryReports, conversation: web.conversation,
            pushNotifications: PushNotifications(store: store, watcher: watcher), calendly: web.calendly,
            registry: registry, now: web.now)
        context.booking = web.booking
        context.links = attendeeLinks
        context.calendars = calendars
        context.graphNotifications = graphNotifications
        context.metaEvents = web.metaEvents
        if settings.dashboardPassword != nil {
            context.hostActions = HostActions(store: store, source: calendars, bells: bells)
            context.connector = connector
        }
        let app = try buildApplication(context, host: settings.http.host, port: settings.http.port, logger: logger,
                                       additionalRoutes: additionalRoutes, onServerRunning: onServerRunning)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: app, serviceName: "HTTPServer"),
            .init(service: watcher, serviceName: watcher.description),
            .init(service: sender, serviceName: sender.description),
            .init(service: writeBack, serviceName: writeBack.description),
        ]
        if let pushKeeper { services.append(.init(service: pushKeeper, serviceName: pushKeeper.description)) }
        // Only where a signal stops the process (`serve`, the sandbox): an in-process test's stop must not end it.
        if !signals.isEmpty { services.append(.init(service: StopDeadline(logger: logger), serviceName: "StopDeadline")) }
        var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: signals, logger: logger)
        // A stop always ends: what is in flight gets 30 s to finish (systemd waits 90 s), then the
        // rest is cancelled; the outbox and the write-back queue keep what was not done.
        configuration.maximumGracefulShutdownDuration = .seconds(30)
        configuration.maximumCancellationDuration = .seconds(5)
        return ServiceGroup(configuration: configuration)
    }
}

/// A stop that cannot finish (a database that no longer answers holds a loop past the
/// cancellation limit) would end in swift-service-lifecycle's fatal error, a crash report that
/// misleads. Shortly before that limit the process ends itself, saying why; nothing is lost: the
/// outbox, and with several workers the leases, keep what was not done.
struct StopDeadline: Service {
    let logger: Logger
    /// Under the group's 30 s for a graceful stop plus 5 s for cancellation.
    static let limit = Duration.seconds(33)

    func run() async {
        // Armed by a graceful stop only; a group cancelled outright (a start that failed) ends anyway.
        do { try await gracefulShutdown() } catch { return }
        let logger = logger
        Task.detached {
            try? await Task.sleep(for: Self.limit)
            logger.critical("the stop did not finish in time (the database or a provider does not answer); exiting now, the outbox keeps what was not done")
            exit(1)
        }
    }
}
