import Synchronization

/// Short links never change once made, so a hit needs no database read after the first: the
/// targets of recent codes are kept here (up to `capacity`, the oldest dropped first). Unknown
/// codes are not kept: a link made a moment later must be found.
final class ShortLinkCache: Sendable {
    private struct State {
        var targets: [String: String] = [:]
        var order: [String] = []
        var dropped = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    func target(of code: String) -> String? {
        state.withLock { $0.targets[code] }
    }

    func remember(_ code: String, target: String) {
        state.withLock { state in
            guard state.targets.updateValue(target, forKey: code) == nil else { return }
            state.order.append(code)
            if state.targets.count > capacity {
                state.targets[state.order[state.dropped]] = nil
                state.dropped += 1
                // Compacted now and then, so that the order list does not grow without end.
                if state.dropped > capacity {
                    state.order.removeFirst(state.dropped)
                    state.dropped = 0
                }
            }
        }
    }
}
