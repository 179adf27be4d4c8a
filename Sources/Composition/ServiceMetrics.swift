import Metrics
public import Prometheus

/// The process's metrics: one Prometheus registry, bootstrapped once by `serve` (the sandbox,
/// tests and benchmarks keep a registry of their own, unbootstrapped).
public enum ServiceMetrics {
    /// Makes the registry the process's metrics system and returns it for `/metrics`. Call once.
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Hummingbird names its request metrics the OpenTelemetry way (`http.server.request.duration`);
        // Prometheus names may not hold dots, and one bad name fails the whole scrape.
        factory.nameAndLabelSanitizer = { label, dimensions in
            (label.replacingOccurrences(of: ".", with: "_"), dimensions.map { ($0.0.replacingOccurrences(of: ".", with: "_"), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }
}
