public import Foundation
import _CryptoExtras

extension GoogleEmulator {
    /// A fresh service-account key file whose `token_uri` is this emulator, trusted from now on.
    public func makeServiceAccount(
        clientEmail: String = "sandbox@gcal-whatsapp-sandbox.iam.gserviceaccount.com"
    ) async throws -> (json: Data, publicKeyPEM: String) {
        let privateKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        await issuer.trust(privateKey.publicKey, clientEmail: clientEmail)
        let file: [String: String] = [
            "type": "service_account",
            "project_id": "gcal-whatsapp-sandbox",
            "private_key_id": RandomText.base32hex(count: 40),
            "private_key": privateKey.pemRepresentation,
            "client_email": clientEmail,
            "client_id": "100000000000000000002",
            "token_uri": tokenURL.absoluteString,
        ]
        let json = try JSONSerialization.data(withJSONObject: file, options: [.sortedKeys, .prettyPrinted])
        return (json, privateKey.publicKey.pemRepresentation)
    }

    /// Trusts another service-account public key; with `clientEmail`, only for that account.
    public func trust(publicKeyPEM: String, clientEmail: String? = nil) async throws {
        try await issuer.trust(_RSA.Signing.PublicKey(pemRepresentation: publicKeyPEM), clientEmail: clientEmail)
    }
}
