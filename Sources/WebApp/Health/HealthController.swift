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
            let problem = await recent.answer { [store] in
                await store.isHealthy() ? await store.unreadableRows().map { "degraded: " + $0 } : "database unavailable"
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

/// The last health answer (nil: healthy; else what is wrong), when it was found, and the check
/// running now. One check at a time: a health check polled hard while the database is slow must not
/// queue a query per request behind it (each waited its turn, and `/healthz` itself turned slow).
final class RecentHealth: Sendable {
    private struct State {
        var kept: (at: ContinuousClock.Instant, problem: String?)?
        var running: Task<String?, Never>?
    }

    private let state = Mutex(State())
    private let freshFor: Duration

    init(freshFor: Duration = .seconds(1)) {
        self.freshFor = freshFor
    }

    /// The kept answer while it is fresh; else the answer of a check, started here unless one is
    /// running. While one runs, a request answers with the last answer if there is one (at most
    /// the check's own time older than `freshFor`), and waits for it only when there is none.
    func answer(checking check: @escaping @Sendable () async -> String?) async -> String? {
        enum Step { case known(String?), wait(Task<String?, Never>) }
        let now = ContinuousClock.now
        let step = state.withLock { state -> Step in
            if let kept = state.kept, now - kept.at < freshFor { return .known(kept.problem) }
            if let running = state.running { return state.kept.map { .known($0.problem) } ?? .wait(running) }
            let running = Task { await check() }
            state.running = running
            return .wait(running)
        }
        switch step {
        case .known(let problem):
            return problem
        case .wait(let running):
            let problem = await running.value
            state.withLock { state in
                guard state.running == running else { return }
                state.running = nil
                state.kept = (ContinuousClock.now, problem)
            }
            return problem
        }
    }
}
