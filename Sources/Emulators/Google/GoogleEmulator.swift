public import Foundation
import Hummingbird
import ServiceLifecycle
import _CryptoExtras

/// Google's token endpoint and the Calendar v3 calls this service uses, served in-process over
/// real HTTP on 127.0.0.1, with a host-side API to edit calendars and inject faults.
public final class GoogleEmulator: Sendable {
    /// `http://127.0.0.1:<port>/calendar/v3`, the client's `baseURL`.
    public let baseURL: URL
    /// `http://127.0.0.1:<port>/token`, the `token_uri` of keys this emulator accepts.
    public let tokenURL: URL

    let store: CalendarStore
    let issuer: TokenIssuer
    let faults: FaultPlan
    private let services: ServiceGroup
    private let server: Task<Void, any Error>

    private init(
        port: Int, store: CalendarStore, issuer: TokenIssuer, faults: FaultPlan, services: ServiceGroup,
        server: Task<Void, any Error>
    ) {
        baseURL = URL(string: "http://127.0.0.1:\(port)/\(CalendarRoutes.basePath)")!
        tokenURL = URL(string: "http://127.0.0.1:\(port)/\(TokenRoute.path)")!
        self.store = store
        self.issuer = issuer
        self.faults = faults
        self.services = services
        self.server = server
    }

    /// Starts on a free port; `publicKeyPEM` is a service-account public key to trust, and
    /// listings are cut into pages of `pageSize` events so that paging is exercised.
    public static func start(trusting publicKeyPEM: String? = nil, pageSize: Int = 3) async throws -> GoogleEmulator {
        let store = CalendarStore(pageSize: pageSize)
        let issuer = TokenIssuer()
        let faults = FaultPlan()
        if let publicKeyPEM {
            try await issuer.trust(_RSA.Signing.PublicKey(pemRepresentation: publicKeyPEM), clientEmail: nil)
        }
        let router = Router()
        TokenRoute(issuer: issuer, faults: faults).add(to: router)
        CalendarRoutes(store: store, gate: GoogleAPIGate(issuer: issuer, faults: faults)).add(to: router)

        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "GoogleEmulator"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            }
        )
        // Our own group, without signal handlers, so that `stop()` can shut down gracefully
        // instead of cancelling connections mid-answer.
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: app.logger))
        let server = Task {
            defer { portContinuation.finish() }
            try await services.run()
        }
        for await port in ports where port > 0 {
            let emulator = GoogleEmulator(
                port: port, store: store, issuer: issuer, faults: faults, services: services, server: server)
            await issuer.setAudience(emulator.tokenURL.absoluteString)
            return emulator
        }
        server.cancel()
        _ = await server.result
        throw EmulatorStartError(service: "Google")
    }

    /// Stops serving: open connections are closed once their request is answered, and
    /// requests held by a `.slow` fault are cut short.
    public func stop() async {
        await services.triggerGracefulShutdown()
        _ = await server.result
    }

    /// An emulator forgotten without `stop()` (a test that threw early) still closes its port.
    deinit {
        server.cancel()
    }
}

/// The emulator's HTTP server could not start (the loopback interface refused to bind).
public struct EmulatorStartError: Error, CustomStringConvertible {
    public let service: String
    public var description: String { "the \(service) emulator could not start listening on 127.0.0.1" }
}
