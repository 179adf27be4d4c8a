/// Reads phone numbers out of the free text hosts and Calendly put in an event's location.
public enum PhoneNumberParser {
    /// Fewer digits than this is a room, a house number or a short code, not a phone number.
    static let minimumDigits = 7

    /// Finds the attendee's phone number in an event's free-text location.
    public static func parse(_ location: String, defaultCallingCode: CallingCode?) -> PhoneNumber? {
        let runs = DigitRunScanner(LocationText.normalized(location)).runs()
        // Only the first number-like run counts: when it doesn't hold up, a later one is more likely
        // a meeting ID or a second person's number than the attendee's.
        guard let run = runs.first(where: { $0.digits.count >= minimumDigits }) else { return nil }
        return number(in: run, defaultCallingCode: defaultCallingCode)
    }

    /// The number a run spells, as "+CC…", "00CC…" or national digits under the default code.
    static func number(in run: DigitRun, defaultCallingCode: CallingCode?) -> PhoneNumber? {
        let trunkZeros = run.groups.indices.filter(run.isParenthesizedZero)
        guard trunkZeros.count <= 1 else { return nil }
        let digits = run.digits
        if run.hasPlus || digits.hasPrefix("00") {
            return international(run, prefixLength: run.hasPlus ? 0 : 2, trunkZero: trunkZeros.first)
        }
        // A national "(0)" can only be the trunk prefix at the very start: "(0)20 7946 0958".
        guard let code = defaultCallingCode, trunkZeros.allSatisfy({ $0 == 0 }) else { return nil }
        return number(code, NationalNumber.significant(digits[...], in: code))
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

    private static func number(_ code: CallingCode, _ national: Substring) -> PhoneNumber? {
        guard NationalNumber.isPlausible(national, in: code) else { return nil }
        return PhoneNumber(e164: "+" + code.digits + national)
    }
}
