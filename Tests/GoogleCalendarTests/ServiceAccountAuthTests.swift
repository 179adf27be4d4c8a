import TestSupport
import AsyncHTTPClient
import Emulators
import Foundation
import GoogleCalendar
import Testing

@Suite("Service-account sign-in")
struct ServiceAccountAuthTests {
    @Test("a token is fetched once and then served from the cache")
    func tokenIsCached() async throws {
        try await GoogleTestbed.run { testbed in
            let first = try await testbed.client.accessToken()
            let second = try await testbed.client.accessToken()
            #expect(first == second)
            #expect(first.hasPrefix("ya29."))
            #expect(await testbed.google.requestCounts.token == 1)
        }
    }

    @Test("the token is renewed a few minutes before expires_in runs out")
    func tokenIsRenewedAheadOfExpiry() async throws {
        let clock = TestClock()
        try await GoogleTestbed.run(clock: clock) { testbed in
            let first = try await testbed.client.accessToken()
            clock.advance(by: 3599 - ServiceAccountAuth.refreshMargin - 60)
            #expect(try await testbed.client.accessToken() == first)
            clock.advance(by: 120)
            let renewed = try await testbed.client.accessToken()
            #expect(renewed != first)
            #expect(await testbed.google.requestCounts.token == 2)
        }
    }

    @Test("concurrent callers share one token request")
    func concurrentCallersShareOneRequest() async throws {
        try await GoogleTestbed.run { testbed in
            let tokens = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await testbed.client.accessToken() }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(tokens.count == 1)
            #expect(await testbed.google.requestCounts.token == 1)
        }
    }

    @Test("a key the emulator does not trust is refused with invalid_grant")
    func untrustedKeyIsRefused() async throws {
        try await GoogleTestbed.run { testbed in
            // A key trusted by another emulator only, pointed at this one.
            let elsewhere = try await GoogleEmulator.start()
            let stranger = try await elsewhere.makeServiceAccount()
            await elsewhere.stop()
            let key = try ServiceAccountKey(json: Fixtures.rewrite(stranger.json, tokenURI: testbed.google.tokenURL))
            let client = GoogleCalendarClient(
                key: key, baseURL: testbed.google.baseURL, httpClient: .shared, retry: GoogleTestbed.quickRetry,
                logger: .init(label: "GoogleCalendarTests")
            )
            let error = await #expect(throws: GoogleAPIError.self) { try await client.accessToken() }
            #expect(error == .tokenRefused(status: 400, error: "invalid_grant", description: "Invalid JWT Signature."))
            #expect(error?.description.contains("Invalid JWT Signature") == true)
            #expect(await testbed.google.requestCounts.token == 1, "a refusal is final, not retried")
        }
    }

    @Test("a trusted key signing for another account is refused")
    func unknownIssuerIsRefused() async throws {
        let google = try await GoogleEmulator.start()
        try await google.trust(
            publicKeyPEM: Fixtures.text("google/service-account.test.pub.pem"),
            clientEmail: "notifier@test-project.iam.gserviceaccount.com"
        )
        let json = try Fixtures.serviceAccountJSON(tokenURI: google.tokenURL, clientEmail: "intruder@elsewhere.iam.gserviceaccount.com")
        let auth = ServiceAccountAuth(key: try ServiceAccountKey(json: json), httpClient: .shared)
        let error = await #expect(throws: GoogleAPIError.self) { try await auth.accessToken() }
        await google.stop()
        #expect(error == .tokenRefused(status: 400, error: "invalid_grant", description: "Invalid grant: account not found"))
    }

    @Test("a made-up service account works against the emulator that made it")
    func madeUpServiceAccountSignsIn() async throws {
        let google = try await GoogleEmulator.start()
        let account = try await google.makeServiceAccount()
        let key = try ServiceAccountKey(json: account.json)
        #expect(key.tokenURI == google.tokenURL)
        #expect(account.publicKeyPEM.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        let token = try await ServiceAccountAuth(key: key, httpClient: .shared).accessToken()
        await google.stop()
        #expect(!token.isEmpty)
    }

    @Test("a revoked token is replaced once, transparently")
    func revokedTokenIsReplaced() async throws {
        try await GoogleTestbed.run { testbed in
            let first = try await testbed.client.accessToken()
            await testbed.google.revokeAccessTokens()
            _ = try await testbed.client.colors()
            #expect(try await testbed.client.accessToken() != first)
            #expect(await testbed.google.requestCounts.token == 2)
        }
    }
}
