/// Prepares a location for scanning: WhatsApp links become "+<digits>", other links and e-mail
/// addresses are blanked so their digits are never read as a number, and the spaces, dashes,
/// digits and plus signs of other scripts become plain ones.
enum LocationText {
    /// Unicode hyphens and minus signs that people (or their editors) put inside numbers.
    private static let dashes: Set<Character> = ["\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2212}"]
    /// What replaces a link: not a digit, separator or letter, so it ends any run next to it.
    private static let blank: Character = "|"

    /// The location as characters ready for `DigitRunScanner`.
    static func normalized(_ location: String) -> [Character] {
        var result: [Character] = []
        var word = ""
        for character in location {
            guard character.isWhitespace else {
                word.append(dashes.contains(character) ? "-" : asciiDigit(character) ?? otherScripts[character] ?? character)
                continue
            }
            result += rewritten(word)
            word = ""
            // A line break ends a number; non-breaking and other spaces are ordinary spaces.
            result.append(character.isNewline ? "\n" : " ")
        }
        return result + rewritten(word)
    }

    /// The full-width plus, and the Arabic decimal and thousands separators ("١٢٦٫٤٥٩٨٨٠" is a
    /// decimal, not a number to message).
    private static let otherScripts: [Character: Character] = ["\u{FF0B}": "+", "\u{066B}": ".", "\u{066C}": ","]

    /// The ASCII digit for a decimal digit of another script: a host typing on an Arabic, Persian
    /// or Hindi keyboard writes "٩٨٧٦٥ ٤٣٢١٠" or "९८७६५ ४३२१०", and a full-width one "９８７６５"; read
    /// as letters, such a number was passed over without a word. Superscripts, fractions and
    /// circled digits are not decimal digits, and stay what they are.
    static func asciiDigit(_ character: Character) -> Character? {
        guard !character.isASCII, character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
              scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue.map(Int.init),
              (0...9).contains(value) else { return nil }
        return Character(Unicode.Scalar(UInt8(48 + value)))
    }

    /// One whitespace-delimited word, rewritten if it is a link.
    private static func rewritten(_ word: String) -> [Character] {
        let lowercased = word.lowercased()
        if let tail = whatsAppNumber(in: lowercased) {
            let digits = tail.first == "+" ? tail.dropFirst() : tail[...]
            let number = digits.prefix { $0.isASCIIDigit || DigitRunScanner.separators.contains($0) && $0 != "/" }
            guard number.first?.isASCIIDigit == true else { return [blank] }
            return ["+"] + number + (number.count < digits.count ? [blank] : [])
        }
        return isLink(lowercased) ? [blank] : Array(word)
    }

    /// What follows "wa.me/" or a WhatsApp link's "phone=": international digits without "+".
    private static func whatsAppNumber(in word: String) -> Substring? {
        if let range = word.firstRange(of: "wa.me/") {
            // "https://wa.me/…" or a bare "wa.me/…", not some other host ending in "wa.me".
            let before = word[..<range.lowerBound].last
            guard before.map({ !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "." }) ?? true else { return nil }
            return word[range.upperBound...]
        }
        if word.contains("whatsapp"), let range = word.firstRange(of: "phone=") {
            return word[range.upperBound...]
        }
        return nil
    }

    /// Whether a word is a URL, an e-mail address or a query, whose digits are never a phone number.
    private static func isLink(_ word: String) -> Bool {
        if word.contains("://") || word.contains("www.") || word.contains("@") || word.contains("=") { return true }
        // "zoom.us/j/123…": a dotted host name before the first slash.
        guard let slash = word.firstIndex(of: "/") else { return false }
        let host = word[..<slash]
        return zip(host, host.dropFirst()).contains { $0 == "." && $1.isLetter }
    }
}
