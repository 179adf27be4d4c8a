import AsyncHTTPClient
import ClientSupport
import Emulators
import Fernet
import Foundation
import OAuth
import Synchronization
import TestSupport
import Testing
@testable import Notifier

/// The sealed refresh tokens and the grant's refreshes (DESIGN.md §24), against the emulated
/// identity platforms over loopback.
@Suite(.serialized)
struct ConnectedAccountsTests {
    @Test func aSealedTokenOpensOnlyForItsProviderAndWithTheKeyRing() async throws {
        try await StoreUnderTest.with(in: try TemporaryDirectory(), named: "accounts.sqlite") { opened in
            let store = opened.store
            let key = FernetKey.generate()
            let accounts = ConnectedAccounts(store: store, keys: [key])
            try await accounts.save(.google, account: "ann@example.com", refreshToken: Secret("1//0g-secret-refresh"), now: Date())
            #expect(try await accounts.grant(.google)?.refreshToken.value == "1//0g-secret-refresh")
            #expect(try await accounts.grant(.microsoft) == nil)

            // The key rotated with the old one kept after a comma: still opens.
            #expect(try await ConnectedAccounts(store: store, keys: [FernetKey.generate(), key]).grant(.google)?.account == "ann@example.com")
            // The key replaced: refused, said so, not read as garbage.
            await #expect(throws: ConnectedAccounts.Unreadable.self) { try await ConnectedAccounts(store: store, keys: [FernetKey.generate()]).grant(.google) }
            // A row copied onto the other provider does not open there.
            let row = try #require(try await store.connectedAccounts().first)
            try await store.saveConnectedAccount(ConnectedAccountRow(provider: "microsoft", account: row.account,
                                                                     sealedRefreshToken: row.sealedRefreshToken, connectedAt: row.connectedAt))
            await #expect(throws: ConnectedAccounts.Unreadable.self) { try await accounts.grant(.microsoft) }
            #expect(try !opened.everythingStored().contains("secret-refresh"))
        }
    }

    /// Microsoft sends a new refresh token with each refresh: it is handed on to be kept. A
    /// revoked grant is refused once and then without asking again.
    @Test func aRotatedRefreshTokenIsKeptAndARevokedGrantStaysRefused() async throws {
        let microsoft = try await MicrosoftEmulator.start(mailboxes: ["host@contoso.com"])
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let settings = try Settings(source: ConfigurationSource(environment: validEnvironment()
                .merging(await microsoft.connectSettings()) { $1 }.merging(["GOOGLE_CALENDAR_ID": "", "GOOGLE_SERVICE_ACCOUNT_FILE": ""]) { $1 }
                .filter { !$0.value.isEmpty }))
            let provider = try #require(settings.oauthProvider(.microsoft))
            let endpoint = OAuthTokenEndpoint(provider: provider, httpClient: http)
            let pkce = PKCE()
            let redirect = "http://127.0.0.1:9/callback"
            let back = try await ConnectFlowTests.consent(at: provider.consentURL(redirectURI: redirect, state: "s1", pkce: pkce),
                                                          as: "host@contoso.com", allow: true)
            let code = try #require(URLComponents(string: back)?.queryItems?.first { $0.name == "code" }?.value)
            // The wrong verifier is refused: a code caught on its way back is worthless.
            await #expect(throws: OAuthError.self) { try await endpoint.redeem(code: code, redirectURI: redirect, pkce: PKCE()) }
            let back2 = try await ConnectFlowTests.consent(at: provider.consentURL(redirectURI: redirect, state: "s2", pkce: pkce),
                                                           as: "host@contoso.com", allow: true)
            let code2 = try #require(URLComponents(string: back2)?.queryItems?.first { $0.name == "code" }?.value)
            let first = try await endpoint.redeem(code: code2, redirectURI: redirect, pkce: pkce)
            let original = try #require(first.refreshToken)

            let kept = Mutex<[String]>([])
            let clock = Mutex(Date())
            let grant = RefreshingGrant(endpoint: endpoint, refreshToken: Secret(original), first: first,
                                        keep: { token in kept.withLock { $0.append(token.value) } }, now: { clock.withLock { $0 } })
            #expect(try await grant.token() == first.accessToken, "fresh from the exchange: no refresh")
            clock.withLock { $0 = $0.addingTimeInterval(3_400) }
            let renewed = try await grant.token()
            #expect(renewed != first.accessToken)
            #expect(kept.withLock { $0.count } == 1 && kept.withLock { $0.first } != original, "the rotated token is kept")

            await microsoft.revokeGrants(of: "host@contoso.com")
            clock.withLock { $0 = $0.addingTimeInterval(3_600) }
            await #expect(throws: OAuthError.self) { try await grant.token() }
            let asked = await microsoft.oauthRefreshes
            do {
                _ = try await grant.token()
                Issue.record("a revoked grant gave a token")
            } catch {
                #expect(error.isGrantRevoked)
            }
            #expect(await microsoft.oauthRefreshes == asked, "refused again without asking Microsoft again")
        } catch {
            try await http.shutdown()
            await microsoft.stop()
            throw error
        }
        try await http.shutdown()
        await microsoft.stop()
    }
}
