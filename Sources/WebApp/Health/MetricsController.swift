import Foundation
import Hummingbird
import Notifier
import Prometheus

/// `GET /metrics`: Prometheus text format. What the database knows (messages by kind and state,
/// replies, outbox depth, push channel expiry) is read at scrape time, so it is right after a
/// restart too; call latencies, syncs and requests are counted in memory by swift-metrics.
struct MetricsController {
    let store: any ServiceStore
    let registry: PrometheusCollectorRegistry

    static func descriptor(_ name: String, unit: String = "", _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "gcal_whatsapp", metricName: name, unitName: unit, helpText: help)
    }

    static var outboxMessages: MetricNameDescriptor { descriptor("outbox", unit: "messages", "Messages in the outbox, by state.") }
    static var messages: MetricNameDescriptor { descriptor("messages", "Messages decided since the database was created, by kind and state.") }
    static var replies: MetricNameDescriptor { descriptor("replies", "Messages attendees wrote, by what they did.") }
    static var depth: MetricNameDescriptor { descriptor("outbox_depth", unit: "messages", "Messages still to send: pending, sending or being reconciled.") }
    static var oldestDue: MetricNameDescriptor { descriptor("outbox_oldest_due", unit: "seconds", "How long the oldest message due has waited.") }
    static var pushExpiry: MetricNameDescriptor { descriptor("push_channel_expiry", unit: "timestamp_seconds",
                                       "When each calendar's push channel expires (Unix time).") }

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.get("metrics") { _, _ -> Response in
            let now = Date()
            let figures = try await store.storedFigures(now: now)
            for (state, count) in figures.countsByState {
                registry.makeGauge(descriptor: Self.outboxMessages, labels: [("state", state)]).set(Double(count))
            }
            // Every kind and state, zero included: a pair whose last message moved on (the last one
            // `sending`, say) must read 0, not keep the count it had when it was last seen.
            let counts = Dictionary(figures.messages.map { ("\($0.kind) \($0.state)", $0.count) }) { $0 + $1 }
            for kind in Decision.Kind.allCases {
                for state in OutboxMessage.State.allCases {
                    registry.makeGauge(descriptor: Self.messages, labels: [("kind", kind.rawValue), ("state", state.rawValue)])
                        .set(Double(counts["\(kind.rawValue) \(state.rawValue)"] ?? 0))
                }
            }
            for row in figures.replies {
                registry.makeGauge(descriptor: Self.replies, labels: [("action", row.action)]).set(Double(row.count))
            }
            registry.makeGauge(descriptor: Self.depth).set(Double(figures.outboxDepth))
            registry.makeGauge(descriptor: Self.oldestDue).set(figures.oldestDueSeconds)
            for channel in figures.pushChannelExpiry {
                registry.makeGauge(descriptor: Self.pushExpiry, labels: [("calendar", channel.calendarID)])
                    .set(channel.expiresAt.timeIntervalSince1970)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        return router
    }
}
