import Foundation
import _CryptoExtras

/// The emulated OAuth side: which keys are trusted, which access tokens were handed out and
/// until when.
actor TokenIssuer {
    /// Google's own figure: an hour, less a second.
    static let tokenLifetime = 3599

    private var verifier = AssertionVerifier()
    private var audience = ""
    private var expiries: [String: Date] = [:]
    private(set) var grantsIssued = 0

    /// The token endpoint's own URL, which every assertion must name as `aud`.
    func setAudience(_ url: String) {
        audience = url
    }

    func trust(_ publicKey: _RSA.Signing.PublicKey, clientEmail: String?) {
        verifier.trustedKeys.append(.init(publicKey: publicKey, clientEmail: clientEmail))
    }

    /// A new access token for a valid assertion.
    func grant(assertion: String) throws(TokenRefusal) -> (token: String, expiresIn: Int) {
        let now = Date()
        _ = try verifier.verify(assertion, audience: audience, now: now)
        let token = "ya29.emulated-" + RandomText.base62(count: 32)
        expiries[token] = now.addingTimeInterval(TimeInterval(Self.tokenLifetime))
        grantsIssued += 1
        return (token, Self.tokenLifetime)
    }

    /// Whether a bearer token was issued here and has not expired.
    func accepts(_ token: String) -> Bool {
        guard let expiry = expiries[token] else { return false }
        return expiry > Date()
    }

    /// Makes a token stop working, as when Google revokes it early.
    func revokeAll() {
        expiries.removeAll()
    }
}

/// Random identifiers shaped like Google's.
enum RandomText {
    /// Lowercase base32hex, the alphabet of Google event ids.
    static func base32hex(count: Int) -> String {
        String((0..<count).map { _ in "0123456789abcdefghijklmnopqrstuv".randomElement()! })
    }

    static func base62(count: Int) -> String {
        String((0..<count).map { _ in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".randomElement()! })
    }

    /// Standard base64 with `+`, `/` and `=`, like Google's sync and page tokens, so clients
    /// that forget to percent-encode them fail here rather than in production.
    static func opaqueToken() -> String {
        Data((0..<18).map { _ in UInt8.random(in: 0...255) } + [0xfb, 0xff]).base64EncodedString()
    }
}
