import Foundation
import Synchronization

/// A chore done at most once an hour, the first time it is asked and then when an hour has passed
/// (pruning old delivery reports, in both stores).
package final class HourlyChore: Sendable {
    private let last = Mutex<Date?>(nil)

    package init() {}

    /// `work`, told whether the chore is due. Asked once, before a transaction that may be tried
    /// again (PostgreSQL retries one that lost a serialization race): the retry does the chore too;
    /// and if the work fails, the chore stays due, so a failed transaction does not lose its hour.
    package func along<Value>(at now: Date, _ work: (_ due: Bool) async throws -> Value) async throws -> Value {
        let isDue = due(at: now)
        do {
            return try await work(isDue)
        } catch {
            if isDue { last.withLock { if $0 == now { $0 = nil } } }
            throw error
        }
    }

    package func due(at now: Date) -> Bool {
        last.withLock { last in
            guard last.map({ now.timeIntervalSince($0) >= 3_600 }) ?? true else { return false }
            last = now
            return true
        }
    }
}
