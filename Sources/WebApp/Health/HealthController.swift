import Hummingbird
import Notifier

/// `GET /healthz`: `200 ok` when the database answers, `503` otherwise (for the proxy or orchestrator).
struct HealthController {
    let store: AppDatabase

    func add(to router: Router<some RequestContext>) {
        router.get("healthz") { _, _ -> Response in
            let healthy = await store.isHealthy()
            return Response(
                status: healthy ? .ok : .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: healthy ? "ok\n" : "database unavailable\n")))
        }
    }
}
