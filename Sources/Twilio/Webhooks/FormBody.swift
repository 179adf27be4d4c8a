import Foundation

/// `application/x-www-form-urlencoded` text, the format of Twilio's request bodies and webhooks.
/// Fields are pairs in order, since a key may repeat and the order of a body is its own.
public enum FormBody {
    /// The fields of a form body: `+` is a space, `%XX` a byte; a key without `=` has an empty value.
    public static func parse(_ body: String) -> [(String, String)] {
        body.split(separator: "&").map { field in
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// A form body (or query string) with every character but RFC 3986's unreserved ones escaped.
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0.formEncoded)=\($0.1.formEncoded)" }.joined(separator: "&")
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        // A stray `%` cannot be decoded; keeping the text as sent beats dropping the field.
        return spaced.removingPercentEncoding ?? spaced
    }
}

extension String {
    /// Only RFC 3986 unreserved characters survive, so `+` in `whatsapp:+91…` stays a plus.
    var formEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .urlUnreserved) ?? self
    }
}

extension CharacterSet {
    static let urlUnreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
