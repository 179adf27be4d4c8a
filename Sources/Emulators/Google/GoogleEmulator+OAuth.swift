public import Foundation

/// The OAuth client registered with the emulated Google, for connecting an account (DESIGN.md
/// §24): `GOOGLE_OAUTH_*` settings pointing here, and the host side of a grant's life.
extension GoogleEmulator {
    /// Test credentials of the emulated OAuth client; they open nothing anywhere else.
    public static let oauthClientID = "emulated-client.apps.googleusercontent.com"
    public static let oauthClientSecret = "GOCSPX-emulated-test-secret"

    /// `http://127.0.0.1:<port>/o/oauth2/v2/auth`, the consent page.
    public var authorizationURL: URL { tokenURL.deletingLastPathComponent().appendingPathComponent("o/oauth2/v2/auth") }

    /// The settings that connect an account through this emulator.
    public var oauthSettings: [String: String] {
        ["GOOGLE_OAUTH_CLIENT_ID": Self.oauthClientID, "GOOGLE_OAUTH_CLIENT_SECRET": Self.oauthClientSecret,
         "GOOGLE_OAUTH_AUTH_URL": authorizationURL.absoluteString, "GOOGLE_OAUTH_TOKEN_URL": tokenURL.absoluteString]
    }

    /// As when the host removes the app at myaccount.google.com → Security → Third-party access.
    public func revokeGrants(of account: String) async {
        await consent.revokeGrants(of: account)
    }

    /// As when an hour passes: connected accounts' access tokens stop working.
    public func expireConnectedAccessTokens() async {
        await consent.expireAccessTokens()
    }

    /// Grants of `account` still live.
    public func liveGrants(of account: String) async -> Int {
        await consent.liveGrants(of: account)
    }

    /// Refresh-token requests so far, and revocations by API.
    public var oauthCounts: (refreshes: Int, revocations: Int) {
        get async { (await consent.refreshes, await consent.revocations) }
    }
}
