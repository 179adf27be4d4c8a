import Foundation
public import ServiceLifecycle

/// Keeping push channels: opens, renews and stops Google push channels (`PushChannels`) at start
/// and whenever one comes due. It runs only with `GOOGLE_PUSH` on; on shutdown the channels stay
/// open, for the next start to reuse.
public struct PushChannelKeeper: Service, CustomStringConvertible {
    /// One per source with push (Google's channels, Graph's subscriptions).
    let channels: [PushChannels]
    let bells: ServiceBells

    public init(channels: [PushChannels], bells: ServiceBells) {
        self.channels = channels
        self.bells = bells
    }

    public var description: String { "PushChannelKeeper" }

    public func run() async {
        await ServiceLoop.run(bells.push) {
            var next = Date.distantFuture
            for source in channels { next = min(next, await source.keepUp()) }
            let seconds = max(1, next.timeIntervalSince(channels.first?.now() ?? Date()))
            return .milliseconds(Int64(seconds * 1_000))
        }
    }
}
