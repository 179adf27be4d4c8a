import Synchronization

/// The webhook posts an emulator has under way, each run in its own task, so that tests can wait
/// until every one has been answered and `stop()` can cancel what is left. `Posted` is what the
/// emulator records of each post.
final class WebhookRuns<Posted: Sendable>: Sendable {
    private struct State {
        var running: [Int: Task<Void, Never>] = [:]
        var nextID = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        var posted: [Posted] = []
        var closed = false
    }

    private let state = Mutex(State())

    init() {}

    /// What was posted so far, in the order the answers came.
    var posted: [Posted] { state.withLock { $0.posted } }

    func record(_ posted: Posted) {
        state.withLock { $0.posted.append(posted) }
    }

    /// Starts `work` in its own task, unless closed; returns at once.
    func start(_ work: @escaping @Sendable () async -> Void) {
        state.withLock { current in
            guard !current.closed else { return }
            let id = current.nextID
            current.nextID += 1
            // The lock is held until the task is stored, so its own `finish` always finds it.
            current.running[id] = Task { [self] in
                await work()
                finish(id)
            }
        }
    }

    /// Returns once nothing is being posted.
    func settled() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state in
                if state.running.isEmpty { return true }
                state.waiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Stops taking work, cancels what is under way and waits for its tasks to end.
    func close() async {
        for task in cancelAll() { await task.value }
    }

    /// Stops taking work and cancels what is under way, without waiting (for `deinit`).
    @discardableResult
    func cancelAll() -> [Task<Void, Never>] {
        let tasks = state.withLock { state in
            state.closed = true
            return Array(state.running.values)
        }
        tasks.forEach { $0.cancel() }
        return tasks
    }

    private func finish(_ id: Int) {
        let waiters = state.withLock { state in
            state.running[id] = nil
            guard state.running.isEmpty else { return [CheckedContinuation<Void, Never>]() }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }
}

/// An emulator that posts webhooks in the background (Twilio's callbacks, Calendly's webhooks):
/// waiting for them, and stopping them, is the same for each.
protocol PostsWebhooks: Sendable {
    associatedtype Posted: Sendable
    var runs: WebhookRuns<Posted> { get }
}

extension PostsWebhooks {
    /// Returns once nothing is being posted.
    func settled() async {
        await runs.settled()
    }

    /// Stops taking webhooks, cancels those under way and waits for their tasks to end.
    func close() async {
        await runs.close()
    }

    /// Stops taking webhooks and cancels those under way, without waiting (for `deinit`).
    func cancelAll() {
        _ = runs.cancelAll()
    }
}
