import Foundation
import Hummingbird
import Notifier
import Synchronization

/// `GET /healthz`: `200 ok` when the database answers, `503` otherwise (for the proxy or orchestrator):
/// `degraded: <reason>` while some rows cannot be read (DESIGN.md §22), `database unavailable` when
/// it does not answer. The answer is kept for a second: a health check polled hard must not load the database.
///
/// A disconnected calendar (DESIGN.md §23) adds a line `disconnected: …` under `ok` but keeps the
/// `200`: the database answers and every other calendar goes on, and a proxy or orchestrator that
/// took the service out of rotation, or restarted it, would stop those too without mending this one.
/// The line names only the calendar's kind: `/healthz` is public, and an account's address or a
/// calendar's URL is the host's business (the dashboard and `check` give them, with what to do).
struct HealthController {
    let store: any ServiceStore
    let calendars: CalendarDirectory
    /// Webhooks refused for their signature (Meta's), said under `ok` as disconnections are.
    var signatures: RefusedSignatures?
    var now: @Sendable () -> Date = Date.init
    private let recent = RecentHealth()

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.get("healthz") { _, _ -> Response in
            let now = ContinuousClock.now
            let problem: String?
            if let known = recent.answer(at: now) {
                problem = known
            } else {
                problem = await store.isHealthy() ? await store.unreadableRows().map { "degraded: " + $0 } : "database unavailable"
                recent.keep(problem, at: now)
            }
            var lines = [problem ?? "ok"] + calendars.disconnections.map {
                "disconnected: a \(Self.calendar(of: $0.kind)) (the host dashboard and `gcal-whatsapp check` say which, and what to do)"
            }
            if let signatures, signatures.problem(at: self.now()) != nil {
                lines.append("refused: \(signatures.provider)'s webhooks have a signature that does not match \(signatures.setting) (the host dashboard says more)")
            }
            return Response(
                status: problem == nil ? .ok : .serviceUnavailable,
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\n") + "\n")))
        }
        return router
    }

    /// "a Google calendar", "a CalDAV calendar", "a Microsoft 365 calendar": the kind, said once.
    static func calendar(of kind: String) -> String {
        kind.hasSuffix(" Calendar") ? String(kind.dropLast(" Calendar".count)) + " calendar" : kind + " calendar"
    }
}

/// The last health answer (nil: healthy; else what is wrong) and when it was found.
private final class RecentHealth: Sendable {
    private let last = Mutex<(at: ContinuousClock.Instant, problem: String?)?>(nil)

    func answer(at now: ContinuousClock.Instant) -> String?? {
        last.withLock { last in last.flatMap { now - $0.at < .seconds(1) ? .some($0.problem) : nil } }
    }

    func keep(_ problem: String?, at now: ContinuousClock.Instant) {
        last.withLock { $0 = (now, problem) }
    }

}
