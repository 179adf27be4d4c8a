import Foundation
import Testing
@testable import Notifier

/// The once-an-hour chore both stores prune old delivery reports with.
struct HourlyChoreTests {
    struct Failed: Error {}
    let now = Date(timeIntervalSince1970: 1_900_000_000)

    @Test func dueTheFirstTimeThenOnceAnHour() {
        let chore = HourlyChore()
        #expect(chore.due(at: now))
        #expect(!chore.due(at: now.addingTimeInterval(3_599)))
        #expect(chore.due(at: now.addingTimeInterval(3_600)))
    }

    @Test func aTransactionThatFailsLeavesTheChoreDueAndItsRetryDoesIt() async throws {
        let chore = HourlyChore()
        await #expect(throws: Failed.self) { try await chore.along(at: now) { due in #expect(due); throw Failed() } }
        // The failed one did not prune: the next report does, and every try of its work is told so.
        let tries = try await chore.along(at: now.addingTimeInterval(1)) { due in [due, due] }
        #expect(tries == [true, true])
        #expect(try await chore.along(at: now.addingTimeInterval(2)) { $0 } == false)
    }
}
