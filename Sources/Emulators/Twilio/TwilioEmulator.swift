public import Foundation
import AsyncHTTPClient
import Hummingbird

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
    private let server: LoopbackServer

    private init(port: Int, reporter: StatusReporter, whatsAppNumber: String, server: LoopbackServer) {
        baseURL = URL(string: "http://127.0.0.1:\(port)")!
        accountSID = reporter.accountSID
        authToken = reporter.authToken
        self.whatsAppNumber = whatsAppNumber
        ledger = reporter.ledger
        self.reporter = reporter
        courier = reporter.courier
        self.server = server
    }

    /// Starts on a free port; message lists are cut into pages of at most `pageSize`.
    public static func start(
        accountSID: String = defaultAccountSID, authToken: String = defaultAuthToken,
        whatsAppNumber: String = defaultWhatsAppNumber, pageSize: Int = 3
    ) async throws -> TwilioEmulator {
        let ledger = MessageLedger(businessNumber: whatsAppNumber, pageSize: pageSize)
        let reporter = StatusReporter(
            accountSID: accountSID, authToken: authToken, ledger: ledger, courier: WebhookCourier(httpClient: .shared))
        let router = Router()
        MessageRoutes(
            accountSID: accountSID, businessNumber: whatsAppNumber, createdAt: Date(), ledger: ledger, reporter: reporter,
            gate: TwilioAPIGate(accountSID: accountSID, authToken: authToken, ledger: ledger)
        ).add(to: router)

        let server = try await LoopbackServer.start(router, name: "Twilio")
        return TwilioEmulator(port: server.port, reporter: reporter, whatsAppNumber: whatsAppNumber, server: server)
    }

    /// Stops serving: callbacks under way are cancelled, a request held by
    /// `.timeoutAfterAccepting` is cut short, and the port is closed.
    public func stop() async {
        await courier.close()
        await server.stop()
    }

    /// An emulator forgotten without `stop()` (a test that threw early) still closes its port.
    deinit {
        courier.cancelAll()
        server.cancel()
    }
}
