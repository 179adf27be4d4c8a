import Foundation
import _CryptoExtras

/// Checks a service account's JWT the way Google's token endpoint does: RS256 signature by a
/// trusted key, a known issuer, the endpoint as audience, the calendar scope, at most an hour long.
struct AssertionVerifier: Sendable {
    struct TrustedKey: Sendable {
        let publicKey: _RSA.Signing.PublicKey
        /// The only issuer this key may sign for; nil accepts any service-account address.
        let clientEmail: String?
    }

    static let calendarScope = "https://www.googleapis.com/auth/calendar"

    var trustedKeys: [TrustedKey] = []

    /// The client email of a valid assertion, or Google's refusal.
    func verify(_ assertion: String, audience: String, now: Date) throws(TokenRefusal) -> String {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let headerData = Data(base64URLEncoded: parts[0]), let claimsData = Data(base64URLEncoded: parts[1]),
              let signature = Data(base64URLEncoded: parts[2]),
              let header = try? JSONDecoder().decode(Header.self, from: headerData),
              let claims = try? JSONDecoder().decode(Claims.self, from: claimsData)
        else { throw .invalidGrant("Invalid JWT: the assertion is not a well-formed JWT.") }
        guard header.alg == "RS256" else { throw .invalidGrant("Invalid JWT: algorithm \(header.alg) is not RS256.") }
        let signed = Data(parts[0].utf8) + Data(".".utf8) + Data(parts[1].utf8)
        let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: signature)
        let signers = trustedKeys.filter {
            $0.publicKey.isValidSignature(rsaSignature, for: signed, padding: .insecurePKCS1v1_5)
        }
        guard !signers.isEmpty else { throw .invalidGrant("Invalid JWT Signature.") }
        guard signers.contains(where: { $0.clientEmail == nil || $0.clientEmail == claims.iss }), claims.iss.contains("@")
        else { throw .invalidGrant("Invalid grant: account not found") }
        guard claims.aud == audience else {
            throw .invalidGrant("Invalid JWT: Failed audience check. The expected value was \(audience).")
        }
        let lifetime = claims.exp - claims.iat
        guard Double(claims.exp) > now.timeIntervalSince1970, lifetime > 0, lifetime <= 3600 else {
            throw .invalidGrant("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.")
        }
        guard claims.scope?.split(separator: " ").contains(Substring(Self.calendarScope)) == true else {
            throw TokenRefusal(error: "invalid_scope", description: "Invalid OAuth scope or ID token audience provided.")
        }
        return claims.iss
    }

    private struct Header: Decodable {
        let alg: String
    }

    private struct Claims: Decodable {
        let iss: String
        let scope: String?
        let aud: String
        let iat: Int
        let exp: Int
    }
}

/// The token endpoint's `400 {"error", "error_description"}`.
struct TokenRefusal: Error, Equatable {
    let error: String
    let description: String

    static func invalidGrant(_ description: String) -> TokenRefusal {
        TokenRefusal(error: "invalid_grant", description: description)
    }
}

extension Data {
    /// Decodes base64url with or without padding.
    init?(base64URLEncoded text: some StringProtocol) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
