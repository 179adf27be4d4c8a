/// An international phone number in E.164 form, e.g. +919876543210.
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The number as "+" and digits, e.g. "+919876543210".
    public let e164: String

    /// Accepts only "+" and 7...15 ASCII digits, not starting with 0, under a known calling code.
    public init?(e164: String) {
        guard e164.hasPrefix("+") else { return nil }
        let digits = e164.dropFirst()
        guard (7...15).contains(digits.count),
              digits.allSatisfy(\.isASCIIDigit),
              CallingCode.leading(digits) != nil
        else { return nil }
        self.e164 = e164
    }

    /// The digits without "+", as https://wa.me/ expects them.
    public var digits: String { String(e164.dropFirst()) }

    /// The number with all but the calling code's start and the last four digits hidden, for logs.
    public var masked: String {
        let digits = e164.dropFirst()
        // `init` guarantees at least 7 digits, so at least one is hidden.
        let hidden = String(repeating: "*", count: digits.count - 6)
        return "+" + digits.prefix(2) + hidden + digits.suffix(4)
    }

    /// The E.164 form.
    public var description: String { e164 }

    /// Decodes from a single E.164 string; anything else is corrupt data.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        guard let number = PhoneNumber(e164: string) else {
            // The value may be someone's number, so only its length goes into the error.
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Not an E.164 phone number: \(string.count) characters"
            )
        }
        self = number
    }

    /// Encodes as the E.164 string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(e164)
    }
}

extension Character {
    /// "0"..."9" only: other scripts' digits never belong in a dialled number.
    var isASCIIDigit: Bool {
        guard let ascii = asciiValue else { return false }
        return (48...57).contains(ascii)
    }
}
