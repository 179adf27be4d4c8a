public import Foundation
import AsyncHTTPClient
import Hummingbird
import Synchronization

/// Twilio's Messages API for WhatsApp, served in-process over real HTTP on 127.0.0.1: sends,
/// listings, the account, signed status callbacks and inbound messages, with a host-side API
/// to set each number's fate and inject faults.
public final class TwilioEmulator: Sendable {
    /// Account credentials shaped like real ones (`AC` and 32 hex digits; 32 hex digits).
    public static let defaultAccountSID = "AC0123456789abcdef0123456789abcdef"
    public static let defaultAuthToken = "e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1"
    /// Twilio's WhatsApp sandbox number.
    public static let defaultWhatsAppNumber = "+14155238886"

    /// `http://127.0.0.1:<port>`, the client's `baseURL`.
    public let baseURL: URL
    public let accountSID: String
    public let authToken: String
    /// The business number (E.164): the only accepted `From`, and the `To` of inbound messages.
    public let whatsAppNumber: String

    let ledger: MessageLedger
    let reporter: StatusReporter
    let courier: WebhookCourier
    /// Builds the routes again for each listener (a router is not shared between servers).
    private let makeRouter: @Sendable () -> Router<BasicRequestContext>
    /// The listener; nil while `goOffline()` has taken it away.
    private let server: Mutex<LoopbackServer?>

    private init(port: Int, reporter: StatusReporter, whatsAppNumber: String,
                 makeRouter: @escaping @Sendable () -> Router<BasicRequestContext>, server: LoopbackServer) {
        baseURL = URL(string: "http://127.0.0.1:\(port)")!
        accountSID = reporter.accountSID
        authToken = reporter.authToken
        self.whatsAppNumber = whatsAppNumber
        ledger = reporter.ledger
        self.reporter = reporter
        courier = reporter.courier
        self.makeRouter = makeRouter
        self.server = Mutex(server)
    }

    /// Starts on a free port; message lists are cut into pages of at most `pageSize`.
    public static func start(
        accountSID: String = defaultAccountSID, authToken: String = defaultAuthToken,
        whatsAppNumber: String = defaultWhatsAppNumber, pageSize: Int = 3
    ) async throws -> TwilioEmulator {
        let ledger = MessageLedger(businessNumber: whatsAppNumber, pageSize: pageSize)
        let reporter = StatusReporter(
            accountSID: accountSID, authToken: authToken, ledger: ledger, courier: WebhookCourier(httpClient: .shared))
        let routes = MessageRoutes(
            accountSID: accountSID, businessNumber: whatsAppNumber, createdAt: Date(), ledger: ledger, reporter: reporter,
            gate: TwilioAPIGate(accountSID: accountSID, authToken: authToken, ledger: ledger))
        let makeRouter: @Sendable () -> Router<BasicRequestContext> = {
            let router = Router()
            routes.add(to: router)
            return router
        }
        let server = try await LoopbackServer.start(makeRouter(), name: "Twilio")
        return TwilioEmulator(port: server.port, reporter: reporter, whatsAppNumber: whatsAppNumber, makeRouter: makeRouter, server: server)
    }

    /// An outage: the listener goes away, so new connections are refused and kept-alive ones are
    /// closed. What Twilio recorded stays; `comeBack()` listens again on the same port.
    public func goOffline() async {
        guard let listening = server.withLock({ server in defer { server = nil }; return server }) else { return }
        await listening.stop()
    }

    /// Ends an outage: the same port, the same messages.
    public func comeBack() async throws {
        let port = baseURL.port ?? 0
        let listening = try await LoopbackServer.start(makeRouter(), name: "Twilio", port: port)
        server.withLock { $0 = listening }
    }

    /// Stops serving: callbacks under way are cancelled, a request held by
    /// `.timeoutAfterAccepting` is cut short, and the port is closed.
    public func stop() async {
        await courier.close()
        await goOffline()
    }

    /// An emulator forgotten without `stop()` (a test that threw early) still closes its port.
    deinit {
        courier.cancelAll()
        server.withLock { $0?.cancel() }
    }
}
