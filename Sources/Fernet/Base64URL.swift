public import Foundation

/// URL-safe base64 (RFC 4648 §5), the alphabet Fernet keys and tokens are written in.
public enum Base64URL {
    /// Encodes with `=` padding, as Python's `base64.urlsafe_b64encode` does.
    /// The alphabet swapped over the bytes: Foundation's `replacingOccurrences` was half the cost
    /// of minting a link token, and every message mints several.
    public static func encode(_ bytes: some DataProtocol) -> String {
        let standard = Data(bytes).base64EncodedData()
        return String(decoding: standard.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: "-") : $0 == UInt8(ascii: "/") ? UInt8(ascii: "_") : $0 },
                      as: UTF8.self)
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
        var standard = body.utf8.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "+") : $0 == UInt8(ascii: "_") ? UInt8(ascii: "/") : $0 }
        standard += repeatElement(UInt8(ascii: "="), count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: Data(standard))
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
