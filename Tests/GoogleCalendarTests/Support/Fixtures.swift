import Foundation
import TestSupport

extension Fixtures {
    /// The test-only service-account key, its `token_uri` (and optionally `client_email`) replaced.
    static func serviceAccountJSON(tokenURI: URL, clientEmail: String? = nil) throws -> Data {
        try rewrite(data("google/service-account.test.json"), tokenURI: tokenURI, clientEmail: clientEmail)
    }

    /// A key file with its `token_uri` (and optionally `client_email`) replaced.
    static func rewrite(_ json: Data, tokenURI: URL, clientEmail: String? = nil) throws -> Data {
        var file = try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:]
        file["token_uri"] = tokenURI.absoluteString
        if let clientEmail { file["client_email"] = clientEmail }
        return try JSONSerialization.data(withJSONObject: file)
    }
}
