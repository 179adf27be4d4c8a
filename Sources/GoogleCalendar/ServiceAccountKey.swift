public import Foundation
import _CryptoExtras

/// A Google service-account key file, parsed and checked up front so that a broken key
/// fails at start-up rather than at the first sync.
public struct ServiceAccountKey: Sendable {
    public let clientEmail: String
    public let privateKeyID: String?
    public let tokenURI: URL
    let privateKey: _RSA.Signing.PrivateKey

    /// Reads the JSON Google hands out when a key is created for a service account.
    public init(json: Data) throws(ServiceAccountKeyError) {
        let file: KeyFile
        do {
            file = try JSONDecoder().decode(KeyFile.self, from: json)
        } catch {
            throw .notJSON
        }
        var missing: [String] = []
        if file.client_email?.isEmpty ?? true { missing.append("client_email") }
        if file.private_key?.isEmpty ?? true { missing.append("private_key") }
        if file.token_uri?.isEmpty ?? true { missing.append("token_uri") }
        guard missing.isEmpty, let email = file.client_email, let pem = file.private_key, let uri = file.token_uri
        else { throw .missingFields(missing) }
        if let type = file.type, type != "service_account" { throw .notAServiceAccount(type) }
        guard let tokenURI = URL(string: uri), let scheme = tokenURI.scheme?.lowercased(),
              ["https", "http"].contains(scheme), tokenURI.host != nil
        else { throw .invalidTokenURI }
        do {
            privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        } catch {
            throw .invalidPrivateKey
        }
        clientEmail = email
        privateKeyID = file.private_key_id
        self.tokenURI = tokenURI
    }

    private struct KeyFile: Decodable {
        let type: String?
        let client_email: String?
        let private_key: String?
        let private_key_id: String?
        let token_uri: String?
    }
}

/// A key prints its account and key id, never the private key, however it is printed.
extension ServiceAccountKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "ServiceAccountKey(client_email: \(clientEmail), private_key_id: \(privateKeyID ?? "none"), private_key: <redacted>)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["clientEmail": clientEmail, "tokenURI": tokenURI], displayStyle: .struct)
    }
}

/// Why a service-account key was refused; the text never includes the key itself.
public enum ServiceAccountKeyError: Error, Equatable, Sendable, CustomStringConvertible {
    case notJSON
    case missingFields([String])
    case notAServiceAccount(String)
    case invalidTokenURI
    case invalidPrivateKey

    public var description: String {
        switch self {
        case .notJSON: "is not a JSON key file"
        case .missingFields(let fields): "lacks \(fields.joined(separator: ", "))"
        case .notAServiceAccount(let type): "is a \"\(type)\" key, not a service-account key"
        case .invalidTokenURI: "has a token_uri that is not an http(s) URL"
        case .invalidPrivateKey: "has a private_key that is not a PEM RSA key of 2048 bits or more"
        }
    }
}
