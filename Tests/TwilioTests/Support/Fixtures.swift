import Foundation
import TestSupport
import Testing

/// One case of `signature-vectors.json`: a URL, its form parameters, and Twilio's signature.
struct SignatureVector: Sendable, CustomTestStringConvertible {
    let description: String
    let authToken: String
    let url: String
    let parameters: [(String, String)]
    let signature: String

    var testDescription: String { "\(description): \(url)" }

    /// Every vector in the file; empty if it cannot be read, which `vectorsLoaded` reports.
    static let all: [SignatureVector] = (try? load()) ?? []

    private static func load() throws -> [SignatureVector] {
        struct File: Decodable {
            struct Vector: Decodable {
                let desc: String
                let authToken: String
                let url: String
                let params: [String: String]?
                let paramsList: [[String]]?
                let signature: String
            }

            let vectors: [Vector]
        }
        return try JSONDecoder().decode(File.self, from: Fixtures.data("twilio/signature-vectors.json")).vectors.map { vector in
            let pairs = vector.params.map { $0.map { ($0.key, $0.value) } }
                ?? vector.paramsList?.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil } ?? []
            return SignatureVector(
                description: vector.desc, authToken: vector.authToken, url: vector.url, parameters: pairs, signature: vector.signature)
        }
    }
}
