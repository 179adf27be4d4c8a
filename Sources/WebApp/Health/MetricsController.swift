import Hummingbird
import Notifier
import Prometheus

/// `GET /metrics`: Prometheus text format. The outbox gauges are read from the database at
/// scrape time, so they are right even after a restart; counters come from swift-metrics.
struct MetricsController {
    let store: AppDatabase
    let registry: PrometheusCollectorRegistry

    static var outboxMessages: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "gcal_whatsapp", metricName: "outbox", unitName: "messages",
        helpText: "Messages in the outbox, by state.") }

    func add(to router: Router<some RequestContext>) {
        router.get("metrics") { _, _ -> Response in
            for (state, count) in try await store.outboxCountsByState() {
                registry.makeGauge(descriptor: Self.outboxMessages, labels: [("state", state)]).set(Double(count))
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
