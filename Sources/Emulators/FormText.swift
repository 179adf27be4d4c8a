import Foundation

/// Form bodies and query strings as the emulated services read and write them. Written apart from
/// the clients' own parsers on purpose, so that a mistake in one is caught by the other.
enum FormText {
    /// Pairs of a form body or query string, in order; `+` is a space, as browsers send forms.
    static func fields(_ text: String) -> [(String, String)] {
        text.split(separator: "&").map { pair in
            let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in
                let spaced = String(part).replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(halves[0]), halves.count == 2 ? decode(halves[1]) : "")
        }
    }

    /// Pairs escaped with every character but RFC 3986's unreserved ones and `alsoAllowed`.
    static func text(_ fields: [(String, String)], alsoAllowed: String = "") -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~" + alsoAllowed)
        let escape = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        return fields.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }
}
