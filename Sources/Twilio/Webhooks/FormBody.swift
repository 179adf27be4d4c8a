import Foundation

/// `application/x-www-form-urlencoded` text, the format of Twilio's request bodies and webhooks.
/// Fields are pairs in order, since a key may repeat and the order of a body is its own.
public enum FormBody {
    /// The fields of a form body: `+` is a space, `%XX` a byte; a key without `=` has an empty value.
    /// Split by byte, as the format is defined: splitting by `Character` (grapheme clusters) was
    /// most of a status webhook's parsing.
    public static func parse(_ body: String) -> [(String, String)] {
        body.utf8.split(separator: UInt8(ascii: "&")).map { field in
            guard let equals = field.firstIndex(of: UInt8(ascii: "=")) else { return (decode(Substring(field)), "") }
            return (decode(Substring(field[..<equals])), decode(Substring(field[field.index(after: equals)...])))
        }
    }

    /// A form body (or query string) with every character but RFC 3986's unreserved ones escaped.
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0.formEncoded)=\($0.1.formEncoded)" }.joined(separator: "&")
    }

    /// `+` → space, then `%XX` → byte, over the UTF-8 bytes (Foundation's NSString route cost a
    /// status webhook a tenth of its time). A stray `%`, or escapes that are not UTF-8, keep the
    /// text as sent (with its spaces): that beats dropping the field.
    static func decode(_ text: Substring) -> String {
        let plus = UInt8(ascii: "+"), percent = UInt8(ascii: "%")
        guard text.utf8.contains(where: { $0 == plus || $0 == percent }) else { return String(text) }
        let spaced = text.utf8.map { $0 == plus ? UInt8(ascii: " ") : $0 }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(spaced.count)
        var index = 0
        while index < spaced.count {
            guard spaced[index] == percent else {
                decoded.append(spaced[index])
                index += 1
                continue
            }
            guard index + 2 < spaced.count, let high = hexValue(spaced[index + 1]), let low = hexValue(spaced[index + 2]) else {
                return String(decoding: spaced, as: UTF8.self)
            }
            decoded.append(high << 4 | low)
            index += 3
        }
        return String(validating: decoded, as: UTF8.self) ?? String(decoding: spaced, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension String {
    /// Only RFC 3986 unreserved characters survive, so `+` in `whatsapp:+91…` stays a plus.
    /// Every UTF-8 byte but RFC 3986's unreserved ones as `%XX`, as Foundation's
    /// `addingPercentEncoding(withAllowedCharacters:)` writes it, without its `CharacterSet`
    /// lookups (a send's body was a fiftieth of its CPU).
    var formEncoded: String {
        guard !utf8.allSatisfy(Self.isUnreserved) else { return self }
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if Self.isUnreserved(byte) {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }
}
