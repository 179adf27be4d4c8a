import Crypto
import Foundation

/// Twilio's `X-Twilio-Signature`: base64 of HMAC-SHA1, keyed with the auth token, over the full
/// URL followed by every POST parameter as key and value, sorted by key.
public enum TwilioSignature {
    /// The signature Twilio sends for a request to `url` with these form `parameters`.
    public static func signature(url: String, parameters: [(String, String)], authToken: String) -> String {
        Data(code(url: url, sorted: sortedPairs(parameters), key: key(authToken))).base64EncodedString()
    }

    /// Whether `signature` is Twilio's for this request, compared in constant time. The URL is
    /// also tried with its default port added or removed, as Twilio signs either form.
    public static func isValid(_ signature: String, url: String, parameters: [(String, String)], authToken: String) -> Bool {
        // An empty token would let anyone sign: nothing is valid without one.
        guard !authToken.isEmpty, let expected = Data(base64Encoded: signature) else { return false }
        let (key, sorted) = (key(authToken), sortedPairs(parameters))
        // The URL as given is nearly always the one signed: its other form is built only if not.
        if code(url: url, sorted: sorted, key: key) == expected { return true }
        return otherPortForm(url).map { code(url: $0, sorted: sorted, key: key) == expected } ?? false
    }

    /// The pairs by key, then value, in code point order (UTF-8's byte order is the same), each
    /// exact repeat once (after sorting, repeats are neighbours): like Twilio's own helper
    /// libraries, a key's values are sorted too and an exact repeat of a pair counts once.
    private static func sortedPairs(_ parameters: [(String, String)]) -> [(String, String)] {
        let sorted = parameters.sorted { left, right in
            left.0 == right.0 ? left.1.utf8.lexicographicallyPrecedes(right.1.utf8) : left.0.utf8.lexicographicallyPrecedes(right.0.utf8)
        }
        var unique: [(String, String)] = []
        unique.reserveCapacity(sorted.count)
        for pair in sorted where unique.last.map({ $0 != pair }) ?? true { unique.append(pair) }
        return unique
    }

    /// The HMAC over the URL followed by each sorted pair's key and value, fed piece by piece
    /// instead of joined into one string first.
    private static func code(url: String, sorted: [(String, String)], key: SymmetricKey) -> HashedAuthenticationCode<Insecure.SHA1> {
        var hmac = HMAC<Insecure.SHA1>(key: key)
        for var piece in [url] + sorted.flatMap({ [$0.0, $0.1] }) {
            piece.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
        }
        return hmac.finalize()
    }

    private static func key(_ authToken: String) -> SymmetricKey {
        SymmetricKey(data: Data(authToken.utf8))
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
