public import Hummingbird
public import Logging
public import Notifier
public import Prometheus
public import ServiceLifecycle

/// What `serve` runs: the HTTP application, the calendar watcher and the outbox courier, with the
/// doorbells that let webhooks wake the latter two. The sandbox and the tests run the same.
public struct ServiceAssembly: Sendable {
    public let notifier: Notifier
    /// Rings the calendar watcher (push notifications, confirmed cancellations).
    public let watcherBell = Doorbell()
    /// Rings the outbox courier (new decisions, delivery reports).
    public let courierBell = Doorbell()
    public let registry: PrometheusCollectorRegistry

    public init(notifier: Notifier, registry: PrometheusCollectorRegistry) {
        self.notifier = notifier
        self.registry = registry
    }

    /// The services to run in one `ServiceGroup`; `onServerRunning` gets the bound port.
    public func services(
        host: String, port: Int, logger: Logger, additionalRoutes: (Router<BasicRequestContext>) -> Void = { _ in },
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> [any Service] {
        let dependencies = WebAppDependencies(notifier: notifier, registry: registry, watcherBell: watcherBell,
                                              courierBell: courierBell)
        let app = try buildApplication(dependencies, host: host, port: port, logger: logger,
                                       additionalRoutes: additionalRoutes, onServerRunning: onServerRunning)
        return [
            app,
            CalendarWatcher(notifier: notifier, doorbell: watcherBell, courier: courierBell),
            OutboxCourier(notifier: notifier, doorbell: courierBell),
        ]
    }
}
