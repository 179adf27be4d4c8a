public import Hummingbird
public import Logging
public import Notifier
public import Prometheus

/// Everything the HTTP side needs from the rest of the service.
public struct WebAppDependencies: Sendable {
    public var notifier: Notifier
    /// Where `/metrics` reads from; `serve` also bootstraps swift-metrics with it.
    public var registry: PrometheusCollectorRegistry

    public init(notifier: Notifier, registry: PrometheusCollectorRegistry) {
        self.notifier = notifier
        self.registry = registry
    }
}

/// The service's HTTP application. `serve`, the sandbox and the tests all build it here.
public func buildApplication(
    _ dependencies: WebAppDependencies, host: String, port: Int, logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = buildRouter(dependencies, logger: logger)
    return Application(
        router: router,
        configuration: .init(address: .hostname(host, port: port), serverName: "gcal-whatsapp"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger
    )
}

/// Mounts each feature's routes.
func buildRouter(_ dependencies: WebAppDependencies, logger: Logger) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: ErrorLoggingMiddleware())
    HealthController(store: dependencies.notifier.store).add(to: router)
    MetricsController(store: dependencies.notifier.store, registry: dependencies.registry).add(to: router)
    return router
}
