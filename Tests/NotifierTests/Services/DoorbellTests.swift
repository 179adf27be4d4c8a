import Foundation
import Testing
@testable import Notifier

struct DoorbellTests {
    @Test func ringsWhileBusyFoldIntoOneAndNoneIsLost() async {
        let bell = Doorbell()
        bell.ring()
        bell.ring()
        bell.ring()
        let clock = ContinuousClock()
        let first = await clock.measure { await bell.wait(upTo: .seconds(60)) }
        #expect(first < .seconds(30), "a ring before the wait ends it at once")
        let second = Task { await bell.wait(upTo: .seconds(60)) }
        // The folded rings are spent: the second wait parks until a new ring.
        while !bell.parking.parked { await Task.yield() }
        bell.ring()
        await second.value
    }

    @Test func aWaitEndsAtItsTimeout() async {
        let bell = Doorbell()
        let clock = ContinuousClock()
        let waited = await clock.measure { await bell.wait(upTo: .milliseconds(50)) }
        #expect(waited >= .milliseconds(50))
    }

    /// Found by review: a wait whose timeout was zero or less (a sync longer than the poll
    /// interval asks for a negative one) lost its timer's wake-up and slept until a ring: with
    /// push off, the watcher never polled again. Each of these ends by itself.
    @Test(.timeLimit(.minutes(1))) func aWaitWithNoTimeLeftEndsAtOnce() async {
        let bell = Doorbell()
        for timeout in [Duration.zero, .milliseconds(-1), .seconds(-30), .nanoseconds(1)] {
            for _ in 0..<50 { await bell.wait(upTo: timeout) }
        }
    }

    @Test func closingEndsTheWaitAndEveryLaterOne() async {
        let bell = Doorbell()
        let waiting = Task { await bell.wait(upTo: .seconds(3_600)) }
        while !bell.parking.parked { await Task.yield() }
        bell.close()
        await waiting.value
        let clock = ContinuousClock()
        let later = await clock.measure { await bell.wait(upTo: .seconds(3_600)) }
        #expect(later < .seconds(1_800))
    }

    @Test func idleMeansEveryLoopParkedWithNothingRung() async {
        let bells = ServiceBells()
        let loops = [bells.watcher, bells.sender, bells.writeBack].map { bell in
            Task { await bell.wait(upTo: .seconds(3_600)) }
        }
        await bells.waitUntilIdle()
        bells.sender.ring()
        #expect(!bells.sender.parking.parked, "a rung loop is not idle")
        bells.watcher.close()
        bells.sender.close()
        bells.writeBack.close()
        for loop in loops { await loop.value }
    }
}
