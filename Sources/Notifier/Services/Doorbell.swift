import Synchronization

/// Wakes a sleeping loop early: a webhook, a push notification or a finished pass rings it, and
/// rings that arrive while the loop is busy fold into one. One loop waits on a doorbell.
public final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var closed = false
        var waiter: (id: Int, continuation: CheckedContinuation<Void, Never>)?
        var nextID = 0
        /// A wait whose time ran out before it began waiting (its timer fired first: a timeout of
        /// zero or less, or a busy machine): it must not wait for a ring that may never come.
        var expired: Int?
        /// Bumped by every ring, every wait begun and every wake, so that two equal readings
        /// prove nothing happened in between (see `ServiceBells.waitUntilIdle`).
        var generation = 0
    }

    private let state = Mutex(State())
    /// Where a ring is passed on to the same loop in the other workers (DESIGN.md §27), if any.
    private let relay = Mutex<(@Sendable () -> Void)?>(nil)

    public init() {}

    /// Asks the loop to run now, here and, with several workers, in every worker.
    public func ring() {
        ringHere()
        relay.withLock { $0 }?()
    }

    /// Passes every later `ring()` on to `relay` as well (the other workers' loops).
    package func relayRings(to relay: @escaping @Sendable () -> Void) {
        self.relay.withLock { $0 = relay }
    }

    /// Asks this process's loop to run now (a ring that came from another worker).
    package func ringHere() {
        let waiter = state.withLock { state in
            state.generation += 1
            guard let waiter = state.waiter else {
                state.rung = true
                return nil as CheckedContinuation<Void, Never>?
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// Ends the current wait and makes every later one return at once (shutdown).
    public func close() {
        state.withLock { $0.closed = true }
        ringHere()
    }

    /// Whether a loop has ever waited on this bell (a loop that does not run is never idle or busy).
    var hasWaited: Bool {
        state.withLock { $0.nextID > 0 }
    }

    /// Whether the loop is waiting with no ring pending, and a count that moves with every change.
    var parking: (parked: Bool, generation: Int) {
        state.withLock { ($0.waiter != nil && !$0.rung, $0.generation) }
    }

    /// Returns when the bell rings, when `timeout` has passed, or at once if it rang meanwhile or is closed.
    func wait(upTo timeout: Duration) async {
        let id = state.withLock { state in
            state.nextID += 1
            state.expired = nil
            return state.nextID
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            self?.wake(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state in
                    state.generation += 1
                    // Cancelled before this wait began (a service group stopping while the loop
                    // was mid-pass): `onCancel` found no waiter to wake, so do not wait at all.
                    if state.rung || state.closed || Task.isCancelled {
                        state.rung = false
                        return true
                    }
                    // Found by review: the timer woke no one when it fired first, and the loop
                    // then slept until a ring (for ever, with push off).
                    if state.expired == id { return true }
                    state.waiter = (id, continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            wake(id)
        }
        timer.cancel()
    }

    private func wake(_ id: Int) {
        let waiter = state.withLock { state in
            guard let waiter = state.waiter, waiter.id == id else {
                if state.waiter == nil, state.nextID == id { state.expired = id }
                return nil as CheckedContinuation<Void, Never>?
            }
            state.waiter = nil
            state.generation += 1
            return waiter.continuation
        }
        waiter?.resume()
    }
}
