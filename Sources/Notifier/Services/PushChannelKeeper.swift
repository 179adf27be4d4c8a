public import ServiceLifecycle

/// Keeping push channels: opens, renews and stops Google push channels (`PushChannels`) at start
/// and whenever one comes due. It runs only with `GOOGLE_PUSH` on; on shutdown the channels stay
/// open, for the next start to reuse.
public struct PushChannelKeeper: Service, CustomStringConvertible {
    let channels: PushChannels
    let bells: ServiceBells

    public init(channels: PushChannels, bells: ServiceBells) {
        self.channels = channels
        self.bells = bells
    }

    public var description: String { "PushChannelKeeper" }

    public func run() async {
        await ServiceLoop.run(bells.push) {
            let next = await channels.keepUp()
            let seconds = max(1, next.timeIntervalSince(channels.now()))
            return .milliseconds(Int64(seconds * 1_000))
        }
    }
}
