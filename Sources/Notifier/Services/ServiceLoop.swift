import ServiceLifecycle

/// The loop each background service runs: a pass, then a wait that its doorbell, the time the
/// pass asks for, or shutdown ends. A pass catches and logs its own errors, so the loop never
/// stops before shutdown; shutdown lets a pass in progress finish its work in flight.
enum ServiceLoop {
    static func run(_ doorbell: Doorbell, pass: () async -> Duration) async {
        await withGracefulShutdownHandler {
            // A cancelled group (another service failed) ends the loop too: every pass would only
            // fail with CancellationError, forever.
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let wait = await pass()
                await doorbell.wait(upTo: wait)
            }
        } onGracefulShutdown: {
            doorbell.close()
        }
    }

    /// After a failed round, come back sooner than the poll interval.
    static let retrySoon = Duration.seconds(15)
}
