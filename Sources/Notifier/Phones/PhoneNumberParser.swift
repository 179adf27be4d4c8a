/// Reads phone numbers out of the free text hosts and Calendly put in an event's location.
public enum PhoneNumberParser {
    /// Fewer digits than this is a room, a house number or a short code, not a phone number.
    static let minimumDigits = 7

    /// Finds the attendee's phone number in an event's free-text location.
    public static func parse(_ location: String, defaultCallingCode: CallingCode?) -> PhoneNumber? {
        if case .number(let phone) = reading(location, defaultCallingCode: defaultCallingCode) { return phone }
        return nil
    }

    /// What one part of a location says of its attendee's number.
    enum Reading: Equatable {
        case number(PhoneNumber)
        /// Two different valid numbers, and nothing says the second is the same person's other
        /// number: "Fax +1 415 … Mobile +1 650 …", "Ravi 4155550199 tel +1 650 …", "old number …
        /// new number …". Nobody is messaged (DESIGN.md §22: `Not sent` beats a guess).
        case severalNumbers([PhoneNumber])
        case none
    }

    static func reading(_ location: String, defaultCallingCode: CallingCode?) -> Reading {
        let scanner = DigitRunScanner(LocationText.normalized(DialIns.removed(from: location)))
        // The first run that is a valid number: an address's postcode may come before it
        // ("01310-200 São Paulo, (11) 2345 6159"); a second valid number in the same part is an
        // alternative for the same person when the words between say so ("+49 … or +49 …",
        // "Call … (alt. …)"), never a second recipient.
        let found = scanner.runs().filter { $0.digits.count >= minimumDigits }
            .compactMap { run in number(in: run, defaultCallingCode: defaultCallingCode).map { (run: run, phone: $0) } }
        guard let first = found.first else { return .none }
        for (earlier, later) in zip(found, found.dropFirst()) where later.phone != earlier.phone {
            let between = String(scanner.text[earlier.run.span.upperBound..<later.run.span.lowerBound])
            guard namesAnAlternative(between) else { return .severalNumbers(found.map(\.phone)) }
        }
        return .number(first.phone)
    }

    /// Words that make the next number the same person's other one ("or", "alt."), and the
    /// words that may stand with them ("or call", "alt. mobile").
    static let alternativeWords: Set<String> = ["or", "alt", "alternative", "alternatively", "o", "ou", "oder", "oppure", "of"]
    static let phoneWords: Set<String> = ["call", "tel", "phone", "mobile", "cell", "whatsapp", "wa", "ph", "mob", "telefone",
                                          "teléfono", "telefono", "téléphone", "telefon", "handy", "móvil", "celular", "portable"]

    private static func namesAnAlternative(_ between: String) -> Bool {
        let words = between.lowercased().split { !$0.isLetter }.map(String.init)
        return words.contains(where: alternativeWords.contains) && words.allSatisfy { alternativeWords.contains($0) || phoneWords.contains($0) }
    }

    /// The number a run spells, as "+CC…", "00CC…" or national digits under the default code.
    static func number(in run: DigitRun, defaultCallingCode: CallingCode?) -> PhoneNumber? {
        let trunkZeros = run.groups.indices.filter(run.isParenthesizedZero)
        guard trunkZeros.count <= 1 else { return nil }
        let digits = run.digits
        if run.hasPlus { return international(run, prefixLength: 0, trunkZero: trunkZeros.first) }
        // Dialled abroad from home with the default country's own prefix ("011 44 20 …" in the US,
        // "001 66 …" in Thailand), or with the "00" most of the world uses.
        if let code = defaultCallingCode, let length = NumberingPlan.plan(for: code)?.internationalPrefixLength(in: digits),
           let number = international(run, prefixLength: length, trunkZero: trunkZeros.first) {
            return number
        }
        if digits.hasPrefix("00") { return international(run, prefixLength: 2, trunkZero: trunkZeros.first) }
        // A national "(0)" can only be the trunk prefix at the very start: "(0)20 7946 0958".
        guard let code = defaultCallingCode, trunkZeros.allSatisfy({ $0 == 0 }) else { return nil }
        return number(code, digits[...], dialledAtHome: true)
    }

    /// An international run; `prefixLength` is 2 for "00", 0 for "+".
    private static func international(_ run: DigitRun, prefixLength: Int, trunkZero: Int?) -> PhoneNumber? {
        var groups = run.groups
        if let index = trunkZero {
            // "+44 (0)20 …": the (0) may only follow the calling code, and is dropped unless the
            // country's numbers really start with 0 ("+39 (0)6 …" is Rome's 06).
            let before = groups[..<index].joined().dropFirst(prefixLength)
            guard let code = CallingCode(digits: before) else { return nil }
            if !NationalNumber.keepsLeadingZero(code) { groups.remove(at: index) }
        }
        let digits = groups.joined().dropFirst(prefixLength)
        guard let code = CallingCode.leading(digits) else { return nil }
        return number(code, digits.dropFirst(code.digits.count))
    }

    /// The number when the digits are a valid mobile or fixed-line number under `code` (DESIGN.md
    /// §22): a wrong length or an unused prefix means the digits are something else.
    private static func number(_ code: CallingCode, _ written: Substring, dialledAtHome: Bool = false) -> PhoneNumber? {
        guard let national = NationalNumber.valid(written, in: code, dialledAtHome: dialledAtHome) else { return nil }
        return PhoneNumber(e164: "+" + code.digits + national)
    }
}
