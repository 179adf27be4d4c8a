import Crypto
import Foundation

/// Proof Key for Code Exchange (RFC 7636) with `S256`: the verifier stays here, its hash goes in
/// the authorization URL, so a code caught on its way back is worthless to whoever caught it.
public struct PKCE: Sendable, Equatable {
    /// 43 characters of the unreserved alphabet (32 random bytes, base64url): RFC 7636's minimum
    /// length with 256 bits of entropy.
    public let verifier: String

    public init(verifier: String = PKCE.randomText(bytes: 32)) {
        self.verifier = verifier
    }

    /// `BASE64URL(SHA256(verifier))`, sent as `code_challenge` with `code_challenge_method=S256`.
    public var challenge: String { Self.challenge(for: verifier) }

    public static func challenge(for verifier: String) -> String {
        base64URL(Data(SHA256.hash(data: Data(verifier.utf8))))
    }

    /// Random bytes as unpadded base64url: verifiers, `state` values.
    public static func randomText(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return base64URL(Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
