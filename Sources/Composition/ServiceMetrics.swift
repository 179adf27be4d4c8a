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
        // Asked for every metric a request records, so it stays clear of Foundation's string search.
        factory.nameAndLabelSanitizer = { label, dimensions in
            (underscored(label), dimensions.map { (underscored($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }
}

/// `name` with its dots made underscores.
private func underscored(_ name: String) -> String {
    guard name.utf8.contains(UInt8(ascii: ".")) else { return name }
    return String(decoding: name.utf8.map { $0 == UInt8(ascii: ".") ? UInt8(ascii: "_") : $0 }, as: UTF8.self)
}
