public import Foundation

/// URL-safe base64 (RFC 4648 §5), the alphabet Fernet keys and tokens are written in.
public enum Base64URL {
    /// Encodes with `=` padding, as Python's `base64.urlsafe_b64encode` does.
    public static func encode(_ bytes: some DataProtocol) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
    }

    /// Decodes strictly: only the URL-safe alphabet, with or without trailing padding.
    /// Standard-alphabet characters (`+`, `/`) are refused so that one token has one spelling.
    public static func decode(_ text: some StringProtocol) -> Data? {
        var body = Substring(text)
        while body.last == "=" { body = body.dropLast() }
        guard text.count - body.count <= 2,
              body.utf8.allSatisfy(isAlphabet),
              body.utf8.count % 4 != 1
        else { return nil }
        let standard = body
            .replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        let padding = String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        return Data(base64Encoded: standard + padding)
    }

    private static func isAlphabet(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
