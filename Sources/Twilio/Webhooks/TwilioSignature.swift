import Crypto
import Foundation

/// Twilio's `X-Twilio-Signature`: base64 of HMAC-SHA1, keyed with the auth token, over the full
/// URL followed by every POST parameter as key and value, sorted by key.
public enum TwilioSignature {
    /// The signature Twilio sends for a request to `url` with these form `parameters`.
    public static func signature(url: String, parameters: [(String, String)], authToken: String) -> String {
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: payload(url: url, parameters: parameters), using: key(authToken))
        return Data(code).base64EncodedString()
    }

    /// Whether `signature` is Twilio's for this request, compared in constant time. The URL is
    /// also tried with its default port added or removed, as Twilio signs either form.
    public static func isValid(_ signature: String, url: String, parameters: [(String, String)], authToken: String) -> Bool {
        // An empty token would let anyone sign: nothing is valid without one.
        guard !authToken.isEmpty, let code = Data(base64Encoded: signature) else { return false }
        let key = key(authToken)
        return urlForms(url).contains { form in
            HMAC<Insecure.SHA1>.isValidAuthenticationCode(code, authenticating: payload(url: form, parameters: parameters), using: key)
        }
    }

    /// The URL followed by the sorted parameters. Like Twilio's own helper libraries, a key's
    /// values are sorted too and an exact repeat of a pair counts once; sorting is by code point.
    static func payload(url: String, parameters: [(String, String)]) -> Data {
        var seen = Set<String>()
        let unique = parameters.filter { seen.insert($0.0 + "\u{0}" + $0.1).inserted }
        let sorted = unique.sorted { left, right in
            left.0 == right.0
                ? left.1.unicodeScalars.lexicographicallyPrecedes(right.1.unicodeScalars)
                : left.0.unicodeScalars.lexicographicallyPrecedes(right.0.unicodeScalars)
        }
        return Data((url + sorted.map { $0.0 + $0.1 }.joined()).utf8)
    }

    private static func key(_ authToken: String) -> SymmetricKey {
        SymmetricKey(data: Data(authToken.utf8))
    }

    /// `url` as given first, then with `:443`/`:80` added when it has no port, or removed when it has that one.
    private static func urlForms(_ url: String) -> [String] {
        guard var components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else { return [url] }
        let defaultPort = scheme == "https" ? 443 : scheme == "http" ? 80 : nil
        guard let defaultPort else { return [url] }
        switch components.port {
        case nil: components.port = defaultPort
        case defaultPort: components.port = nil
        default: return [url]
        }
        return [url] + (components.string.map { [$0] } ?? [])
    }
}
