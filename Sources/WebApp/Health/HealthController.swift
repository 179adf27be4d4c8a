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

/// The last health answer (nil: healthy; else what is wrong), when it was found, and when the
/// running check started. One check at a time: a health check polled hard while the database is slow must not
/// queue a query per request behind it (each waited its turn, and `/healthz` itself turned slow).
/// And a check has `patience` to answer: one that hangs (a database that stopped answering) makes
/// `/healthz` say so, rather than hang every request or repeat the last good answer for ever.
final class RecentHealth: Sendable {
    static let unavailable = "database unavailable"

    private struct State {
        var kept: (at: ContinuousClock.Instant, problem: String?)?
        /// When the running check started, if one runs.
        var runningSince: ContinuousClock.Instant?
        /// Requests waiting for the running check, by number.
        var waiting: [Int: CheckedContinuation<String?, Never>] = [:]
        var lastWaiter = 0
    }

    private let state = Mutex(State())
    private let freshFor: Duration
    private let patience: Duration

    init(freshFor: Duration = .seconds(1), patience: Duration = .seconds(2)) {
        self.freshFor = freshFor
        self.patience = patience
    }

    /// The kept answer while it is fresh. Else a check is due: the request that starts it, and
    /// any that come before there is an answer at all, wait for it (at most `patience`); the
    /// others answer with the last answer. A check running longer than `patience` is a database
    /// that does not answer: every request says so until the check ends.
    func answer(checking check: @escaping @Sendable () async -> String?) async -> String? {
        enum Step { case known(String?), wait(until: ContinuousClock.Instant, starting: Bool) }
        let now = ContinuousClock.now
        let step = state.withLock { state -> Step in
            if let kept = state.kept, now - kept.at < freshFor { return .known(kept.problem) }
            guard let since = state.runningSince else {
                state.runningSince = now
                return .wait(until: now + patience, starting: true)
            }
            if now - since >= patience { return .known(Self.unavailable) }
            return state.kept.map { .known($0.problem) } ?? .wait(until: since + patience, starting: false)
        }
        switch step {
        case .known(let problem):
            return problem
        case .wait(let deadline, let starting):
            if starting { Task { finish(with: await check()) } }
            return await wait(until: deadline)
        }
    }

    private func finish(with problem: String?) {
        let waiting = state.withLock { state in
            state.runningSince = nil
            state.kept = (ContinuousClock.now, problem)
            defer { state.waiting = [:] }
            return state.waiting.values
        }
        for request in waiting { request.resume(returning: problem) }
    }

    /// The running check's answer, or `unavailable` at `deadline` if it has none by then.
    private func wait(until deadline: ContinuousClock.Instant) async -> String? {
        await withCheckedContinuation { request in
            let number = state.withLock { state -> Int? in
                // It may have ended between the decision to wait and now.
                guard state.runningSince != nil else { return nil }
                state.lastWaiter += 1
                state.waiting[state.lastWaiter] = request
                return state.lastWaiter
            }
            guard let number else { return request.resume(returning: state.withLock { $0.kept?.problem }) }
            Task {
                try? await Task.sleep(until: deadline)
                state.withLock { $0.waiting.removeValue(forKey: number) }?.resume(returning: Self.unavailable)
            }
        }
    }
}
