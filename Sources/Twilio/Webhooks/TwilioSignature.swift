import Crypto
import Foundation

/// Twilio's `X-Twilio-Signature`: base64 of HMAC-SHA1, keyed with the auth token, over the full
/// URL followed by every POST parameter as key and value, sorted by key.
public enum TwilioSignature {
    /// An auth token made ready to check many signatures: HMAC's keying (a fifth of a status
    /// webhook's checking) is done once instead of once a request.
    public struct Key: Sendable {
        fileprivate let keyed: HMAC<Insecure.SHA1>?

        public init(authToken: String) {
            // An empty token would let anyone sign: nothing is valid without one.
            keyed = authToken.isEmpty ? nil : HMAC(key: SymmetricKey(data: Data(authToken.utf8)))
        }
    }

    /// The signature Twilio sends for a request to `url` with these form `parameters`.
    public static func signature(url: String, parameters: [(String, String)], authToken: String) -> String {
        let keyed = HMAC<Insecure.SHA1>(key: SymmetricKey(data: Data(authToken.utf8)))
        return Data(code(url: url, sorted: sortedPairs(parameters), keyed: keyed)).base64EncodedString()
    }

    /// Whether `signature` is Twilio's for this request, compared in constant time. The URL is
    /// also tried with its default port added or removed, as Twilio signs either form.
    public static func isValid(_ signature: String, url: String, parameters: [(String, String)], authToken: String) -> Bool {
        isValid(signature, url: url, parameters: parameters, key: Key(authToken: authToken))
    }

    /// `isValid` with the token keyed already.
    public static func isValid(_ signature: String, url: String, parameters: [(String, String)], key: Key) -> Bool {
        guard let keyed = key.keyed, let expected = Data(base64Encoded: signature) else { return false }
        let sorted = sortedPairs(parameters)
        // The URL as given is nearly always the one signed: its other form is built only if not.
        if code(url: url, sorted: sorted, keyed: keyed) == expected { return true }
        return otherPortForm(url).map { code(url: $0, sorted: sorted, keyed: keyed) == expected } ?? false
    }

    /// The pairs by key, then value, in code point order (UTF-8's byte order is the same), each
    /// exact repeat once (after sorting, repeats are neighbours): like Twilio's own helper
    /// libraries, a key's values are sorted too and an exact repeat of a pair counts once.
    private static func sortedPairs(_ parameters: [(String, String)]) -> [(String, String)] {
        // By bytes throughout: Swift's `==` holds canonically equivalent text equal (`é` and
        // `e` + U+0301), which Twilio signs as two values.
        let sorted = parameters.sorted { left, right in
            left.0.utf8.elementsEqual(right.0.utf8)
                ? left.1.utf8.lexicographicallyPrecedes(right.1.utf8) : left.0.utf8.lexicographicallyPrecedes(right.0.utf8)
        }
        var unique: [(String, String)] = []
        unique.reserveCapacity(sorted.count)
        for pair in sorted {
            if let last = unique.last, last.0.utf8.elementsEqual(pair.0.utf8), last.1.utf8.elementsEqual(pair.1.utf8) { continue }
            unique.append(pair)
        }
        return unique
    }

    /// The HMAC over the URL followed by each sorted pair's key and value, in one buffer: fed
    /// piece by piece, each piece went through the generic `DataProtocol` path (most of its cost).
    private static func code(url: String, sorted: [(String, String)], keyed: HMAC<Insecure.SHA1>) -> HashedAuthenticationCode<Insecure.SHA1> {
        var payload: [UInt8] = []
        payload.reserveCapacity(url.utf8.count + sorted.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count })
        payload.append(contentsOf: url.utf8)
        for (name, value) in sorted {
            payload.append(contentsOf: name.utf8)
            payload.append(contentsOf: value.utf8)
        }
        var hmac = keyed
        hmac.update(data: payload)
        return hmac.finalize()
    }

    /// `url` with `:443`/`:80` added when it has no port, or removed when it has that one; nil
    /// when it has another port or is not http(s).
    private static func otherPortForm(_ url: String) -> String? {
        guard var components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else { return nil }
        let defaultPort = scheme == "https" ? 443 : scheme == "http" ? 80 : nil
        guard let defaultPort else { return nil }
        switch components.port {
        case nil: components.port = defaultPort
        case defaultPort: components.port = nil
        default: return nil
        }
        return components.string
    }
}
