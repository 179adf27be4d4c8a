import Hummingbird
import Notifier
import Synchronization

/// `GET /healthz`: `200 ok` when the database answers, `503` otherwise (for the proxy or orchestrator).
/// The answer is kept for a second: a health check polled hard must not load the database.
struct HealthController {
    let store: AppDatabase
    private let recent = RecentHealth()

    func add(to router: Router<some RequestContext>) {
        router.get("healthz") { _, _ -> Response in
            let now = ContinuousClock.now
            let healthy: Bool
            if let known = recent.answer(at: now) {
                healthy = known
            } else {
                healthy = await store.isHealthy()
                recent.keep(healthy, at: now)
            }
            return Response(
                status: healthy ? .ok : .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: healthy ? "ok\n" : "database unavailable\n")))
        }
    }
}

/// The last health answer and when it was found.
private final class RecentHealth: Sendable {
    private let last = Mutex<(at: ContinuousClock.Instant, healthy: Bool)?>(nil)

    func answer(at now: ContinuousClock.Instant) -> Bool? {
        last.withLock { last in last.flatMap { now - $0.at < .seconds(1) ? $0.healthy : nil } }
    }

    func keep(_ healthy: Bool, at now: ContinuousClock.Instant) {
        last.withLock { $0 = (now, healthy) }
    }
}
