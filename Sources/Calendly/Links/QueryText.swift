import Foundation

/// Query strings as Calendly reads and writes them. Values are escaped down to RFC 3986's
/// unreserved characters, so `=`, `+`, `&`, `@` and `%` inside a value (a Fernet token's padding,
/// the plus of a phone number) reach Calendly as themselves.
enum QueryText {
    static func encode(_ items: [(String, String)]) -> String {
        items.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// The pairs of a raw query, in order. A `+` stays a plus: Calendly escapes spaces as `%20`,
    /// and reading `+` as a space would turn `+91…` into ` 91…` when a phone number comes unescaped.
    static func decode(_ query: String) -> [(String, String)] {
        pieces(query).map { piece in
            let halves = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (unescape(halves[0]), halves.count > 1 ? unescape(halves[1]) : "")
        }
    }

    /// The raw `name=value` pieces of a query, empty ones dropped.
    static func pieces(_ query: String) -> [Substring] {
        query.split(separator: "&")
    }

    /// The decoded name of a raw piece.
    static func name(of piece: Substring) -> String {
        unescape(piece.prefix { $0 != "=" })
    }

    private static func unescape(_ text: Substring) -> String {
        // A stray `%` cannot be decoded; the text as sent beats losing the field.
        String(text).removingPercentEncoding ?? String(text)
    }

    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
