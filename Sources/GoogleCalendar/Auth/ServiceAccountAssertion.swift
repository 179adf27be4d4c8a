import Foundation
import _CryptoExtras

/// The signed JWT a service account trades for an access token (RFC 7523 bearer grant, RS256).
struct ServiceAccountAssertion {
    /// Read and write access to events; the service patches colours and descriptions.
    static let calendarScope = "https://www.googleapis.com/auth/calendar"
    /// Google refuses assertions that live longer than an hour.
    static let lifetime: TimeInterval = 3600

    let key: ServiceAccountKey
    let issuedAt: Date

    /// `header.claims.signature`, each part base64url without padding.
    func signed() throws(GoogleAPIError) -> String {
        let iat = Int(issuedAt.timeIntervalSince1970)
        let header = Header(kid: key.privateKeyID)
        let claims = Claims(
            iss: key.clientEmail, scope: Self.calendarScope, aud: key.tokenURI.absoluteString,
            iat: iat, exp: iat + Int(Self.lifetime)
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let signingInput: String
        let signature: _RSA.Signing.RSASignature
        do {
            signingInput = try encoder.encode(header).base64URLEncoded() + "." + encoder.encode(claims).base64URLEncoded()
            signature = try key.privateKey.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        } catch {
            // Only a broken key can get here: ServiceAccountKey checked it parses as RSA.
            throw .invalidResponse("could not sign the service-account assertion: \(error)")
        }
        return signingInput + "." + signature.rawRepresentation.base64URLEncoded()
    }

    private struct Header: Encodable {
        var alg = "RS256"
        var typ = "JWT"
        var kid: String?
    }

    private struct Claims: Encodable {
        let iss: String
        let scope: String
        let aud: String
        let iat: Int
        let exp: Int
    }
}

extension Data {
    /// Base64url without `=` padding, as JWTs use.
    func base64URLEncoded() -> String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
