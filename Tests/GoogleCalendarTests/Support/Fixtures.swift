import Foundation

/// The Google samples next to these tests, found from this file rather than the working directory.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try data(name), as: UTF8.self)
    }

    /// The test-only service-account key, its `token_uri` (and optionally `client_email`) replaced.
    static func serviceAccountJSON(tokenURI: URL, clientEmail: String? = nil) throws -> Data {
        try rewrite(data("service-account.test.json"), tokenURI: tokenURI, clientEmail: clientEmail)
    }

    /// A key file with its `token_uri` (and optionally `client_email`) replaced.
    static func rewrite(_ json: Data, tokenURI: URL, clientEmail: String? = nil) throws -> Data {
        var file = try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:]
        file["token_uri"] = tokenURI.absoluteString
        if let clientEmail { file["client_email"] = clientEmail }
        return try JSONSerialization.data(withJSONObject: file)
    }
}
