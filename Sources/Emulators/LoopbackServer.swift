import Hummingbird
import ServiceLifecycle

/// An emulator's HTTP server: `router` on 127.0.0.1 at a port the OS picks, in a service group of
/// its own (no signal handlers), so that `stop()` shuts it down gracefully instead of cutting
/// connections mid-answer.
struct LoopbackServer: Sendable {
    let port: Int
    private let services: ServiceGroup
    private let task: Task<Void, any Error>

    /// Starts serving and returns once the port is bound; `port` 0 lets the OS pick one.
    static func start(_ router: Router<BasicRequestContext>, name: String, port: Int = 0) async throws -> LoopbackServer {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "\(name)Emulator"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            }
        )
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: app.logger))
        let task = Task {
            defer { portContinuation.finish() }
            try await services.run()
        }
        for await port in ports where port > 0 {
            return LoopbackServer(port: port, services: services, task: task)
        }
        task.cancel()
        _ = await task.result
        throw EmulatorStartError(service: name)
    }

    /// Answers open requests, then closes the port.
    func stop() async {
        await services.triggerGracefulShutdown()
        _ = await task.result
    }

    /// Closes the port at once (an emulator released without `stop()`).
    func cancel() {
        task.cancel()
    }
}

/// The emulator's HTTP server could not start (the loopback interface refused to bind).
public struct EmulatorStartError: Error, CustomStringConvertible {
    public let service: String
    public var description: String { "the \(service) emulator could not start listening on 127.0.0.1" }
}
