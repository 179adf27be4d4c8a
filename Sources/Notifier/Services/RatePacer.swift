import Foundation

/// Spaces calls so that no more than `perSecond` start in any second: sends (a WhatsApp sender's
/// throughput) and calendar write-backs (Google's per-user quota).
actor RatePacer {
    private let interval: Duration
    private var nextSlot = ContinuousClock.now

    init(perSecond: Int) {
        interval = .seconds(1) / max(1, perSecond)
    }

    /// Waits for this call's slot.
    func waitForSlot() async throws {
        let now = ContinuousClock.now
        let slot = max(now, nextSlot)
        nextSlot = slot + interval
        if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
    }
}
