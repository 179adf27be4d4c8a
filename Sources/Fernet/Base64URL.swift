public import Foundation

/// URL-safe base64 (RFC 4648 §5), the alphabet Fernet keys and tokens are written in.
public enum Base64URL {
    /// Encodes with `=` padding, as Python's `base64.urlsafe_b64encode` does. Written straight
    /// into the string: Foundation's encoder, then swapping its alphabet, was a third of sealing a
    /// link token, and every message seals several.
    public static func encode(_ bytes: some DataProtocol) -> String {
        let input = [UInt8](bytes)
        let length = (input.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: length) { text in
            var at = 0
            func put(_ sextet: UInt8) {
                text[at] = alphabet[Int(sextet & 0x3F)]
                at += 1
            }
            var index = 0
            while index + 3 <= input.count {
                let (first, second, third) = (input[index], input[index + 1], input[index + 2])
                put(first >> 2)
                put(first << 4 | second >> 4)
                put(second << 2 | third >> 6)
                put(third)
                index += 3
            }
            switch input.count - index {
            case 1:
                put(input[index] >> 2)
                put(input[index] << 4)
                text[at] = UInt8(ascii: "=")
                text[at + 1] = UInt8(ascii: "=")
                at += 2
            case 2:
                put(input[index] >> 2)
                put(input[index] << 4 | input[index + 1] >> 4)
                put(input[index + 1] << 2)
                text[at] = UInt8(ascii: "=")
                at += 1
            default:
                break
            }
            return at
        }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

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
