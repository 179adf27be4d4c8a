/// A country calling code such as 91 or 1, from a setting value.
public struct CallingCode: Hashable, Sendable, CustomStringConvertible {
    /// The code's digits, without "+", e.g. "91".
    public let digits: String

    /// Reads a setting written as a region ("IN", "gb") or as a code ("+91", "0091", "91").
    public init?(setting: String) {
        // One word only: "+ 91" or "9 1" is more likely a typo than a code.
        let words = setting.split(whereSeparator: \.isWhitespace)
        guard words.count == 1, let value = words.first else { return nil }
        if value.count == 2, value.allSatisfy(\.isLetter) {
            self.init(region: String(value))
        } else if value.hasPrefix("+") {
            self.init(digits: value.dropFirst())
        } else if value.hasPrefix("00") {
            self.init(digits: value.dropFirst(2))
        } else {
            self.init(digits: value)
        }
    }

    /// The code of an ISO 3166-1 alpha-2 region, in any case; nil for regions the table lacks.
    public init?(region: String) {
        guard region.count == 2, region.allSatisfy(\.isASCII),
              let code = RegionCallingCodes.byRegion[region.uppercased()]
        else { return nil }
        self.digits = code
    }

    /// A known code given as its digits; nil for anything else, including "7 " or "٩١".
    init?(digits: Substring) {
        guard RegionCallingCodes.all.contains(String(digits)) else { return nil }
        self.digits = String(digits)
    }

    /// The calling code an international number (digits after "+") starts with, if any.
    static func leading(_ international: Substring) -> CallingCode? {
        // Codes are prefix-free, so the longest match is the only one; trying 3 digits first just
        // makes that independent of the table being right.
        for length in stride(from: 3, through: 1, by: -1) where international.count >= length {
            if let code = CallingCode(digits: international.prefix(length)) { return code }
        }
        return nil
    }

    /// "+91".
    public var description: String { "+" + digits }
}
