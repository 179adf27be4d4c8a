/// The doorbells of the background loops. Whoever has news rings the loop it concerns: a push
/// notification or a confirmed cancellation the watcher, a decided message the sender, a delivery
/// report or a booking the write-back.
public struct ServiceBells: Sendable {
    public let watcher = Doorbell()
    public let sender = Doorbell()
    public let writeBack = Doorbell()
    /// The push channel keeper's, when push is on.
    public let push = Doorbell()

    public init() {}

    /// Returns once every loop is waiting with no ring pending: what was rung has been done, and
    /// nothing will happen until a timer runs out or news arrives. Tests wait on this instead of
    /// driving passes by hand.
    public func waitUntilIdle() async {
        let bells = [watcher, sender, writeBack] + (push.hasWaited ? [push] : [])
        while true {
            // Two readings with the same counts, all parked: at an instant between them every loop
            // was parked at once, since any ring, wait or wake moves its bell's count.
            let first = bells.map(\.parking)
            if first.allSatisfy(\.parked) {
                let second = bells.map(\.parking)
                if second.map(\.generation) == first.map(\.generation), second.allSatisfy(\.parked) { return }
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
