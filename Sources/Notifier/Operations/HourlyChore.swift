import Foundation
import Synchronization

/// A chore done at most once an hour, the first time it is asked and then when an hour has passed
/// (pruning old delivery reports, in both stores).
package final class HourlyChore: Sendable {
    private let last = Mutex<Date?>(nil)

    package init() {}

    package func due(at now: Date) -> Bool {
        last.withLock { last in
            guard last.map({ now.timeIntervalSince($0) >= 3_600 }) ?? true else { return false }
            last = now
            return true
        }
    }
}
