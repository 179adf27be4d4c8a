public import Foundation
import Hummingbird
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
    let push: PushHub
    /// The OAuth client a host connects their account with (DESIGN.md §24).
    let consent: AuthorizationServer
    private let server: LoopbackServer

    private init(store: CalendarStore, issuer: TokenIssuer, faults: FaultPlan, push: PushHub, consent: AuthorizationServer,
                 server: LoopbackServer) {
        self.consent = consent
        baseURL = URL(string: "http://127.0.0.1:\(server.port)/\(CalendarRoutes.basePath)")!
        tokenURL = URL(string: "http://127.0.0.1:\(server.port)/\(TokenRoute.path)")!
        self.store = store
        self.issuer = issuer
        self.faults = faults
        self.push = push
        self.server = server
    }

    /// Starts on a free port; `publicKeyPEM` is a service-account public key to trust, and
    /// listings are cut into pages of `pageSize` events so that paging is exercised.
    public static func start(trusting publicKeyPEM: String? = nil, pageSize: Int = 3) async throws -> GoogleEmulator {
        let push = PushHub()
        let store = CalendarStore(pageSize: pageSize, onChange: { calendarID in Task { await push.changed(calendarID: calendarID) } })
        let issuer = TokenIssuer()
        let faults = FaultPlan()
        if let publicKeyPEM {
            try await issuer.trust(_RSA.Signing.PublicKey(pemRepresentation: publicKeyPEM), clientEmail: nil)
        }
        let consent = AuthorizationServer(dialect: .google, client: .init(id: GoogleEmulator.oauthClientID, secret: GoogleEmulator.oauthClientSecret),
                                          defaultAccount: "host@example.com", onConsent: { await store.ensureCalendar($0) })
        let router = Router()
        TokenRoute(issuer: issuer, faults: faults, consent: consent).add(to: router)
        ConsentRoutes(server: consent, provider: "Google").add(to: router, authorizePath: "o/oauth2/v2/auth")
        CalendarRoutes(store: store, push: push, gate: GoogleAPIGate(issuer: issuer, faults: faults, consent: consent)).add(to: router)

        let server = try await LoopbackServer.start(router, name: "Google")
        let emulator = GoogleEmulator(store: store, issuer: issuer, faults: faults, push: push, consent: consent, server: server)
        await issuer.setAudience(emulator.tokenURL.absoluteString)
        return emulator
    }

    /// Stops serving: open connections are closed once their request is answered, and
    /// requests held by a `.slow` fault are cut short.
    public func stop() async {
        await push.runs.close()
        await server.stop()
    }

    /// An emulator forgotten without `stop()` (a test that threw early) still closes its port.
    deinit {
        push.runs.cancelAll()
        server.cancel()
    }
}
