import Foundation
import Synchronization

/// The attendees an event's location names (DESIGN.md §16): one per number, the numbers separated
/// by `,` `;` `/` or new lines; and the number-like texts that cannot be used (no country code
/// and no `DEFAULT_COUNTRY_CODE`, an impossible length), which the host must hear about.
public struct LocationNumbers: Equatable, Sendable {
    /// Each attendee's number, in the order written, each once.
    public var phones: [PhoneNumber]
    /// The parts of the location that look like a phone number (a run of 7 or more digits) but
    /// are not usable, as the host wrote them.
    public var unusable: [String]
    /// The parts that hold two different numbers, neither said to be the other's alternative:
    /// whose the session is cannot be told, so neither is messaged.
    public var ambiguous: [String] = []
    /// The numbers in those parts. An attendee already told, whose number is one of them, hears
    /// nothing either way until the host settles it: no "cancelled" for a session still theirs.
    public var heldBack: [PhoneNumber] = []

    public static let none = LocationNumbers(phones: [], unusable: [])

    public init(phones: [PhoneNumber], unusable: [String], ambiguous: [String] = []) {
        self.phones = phones
        self.unusable = unusable
        self.ambiguous = ambiguous
    }

    /// Reads `location`, with `defaultCallingCode` for numbers written without one. Every sync
    /// reads every event's location again; the same text always reads the same, so it is parsed
    /// once (a tenth of a burst's CPU went here).
    public init(_ location: String?, defaultCallingCode: CallingCode?) {
        let key = "\(defaultCallingCode.map { "\($0)" } ?? "")|\(location ?? "")"
        if let known = Self.read.withLock({ $0[key] }) {
            self = known
            return
        }
        self.init(parsing: location, defaultCallingCode: defaultCallingCode)
        let parsed = self
        Self.read.withLock { read in
            if read.count >= 8_192 { read.removeAll(keepingCapacity: true) }
            read[key] = parsed
        }
    }

    private static let read = Mutex<[String: LocationNumbers]>([:])

    private init(parsing location: String?, defaultCallingCode: CallingCode?) {
        self = .none
        for part in Self.parts(of: DialIns.removed(from: location ?? "")) {
            switch PhoneNumberParser.reading(part, defaultCallingCode: defaultCallingCode) {
            case .number(let phone):
                if !phones.contains(phone) { phones.append(phone) }
            case .severalNumbers(let numbers):
                ambiguous.append(part)
                heldBack += numbers
            case .none:
                if PhoneNumberParser.looksLikeNumber(part) { unusable.append(part) }
            }
        }
    }

    /// The location's parts that hold no phone-like digits ("Room 2, Northside Clinic"), or nil
    /// when nothing else is left: what a calendar may show without anyone's number.
    public static func withoutNumbers(_ location: String) -> String? {
        // Stricter than reading recipients: a part with five digits in any script, a "+" before a
        // digit, or a link or address goes, whatever words it touches.
        let rest = parts(of: location).filter { part in
            let lowered = part.lowercased()
            let digits = part.filter(\.isNumber).count
            let plusDigit = zip(part, part.dropFirst()).contains { $0 == "+" && $1.isNumber }
            return digits < 5 && !plusDigit && !["://", "www.", "wa.me", "signal.me", "@", "whatsapp"].contains(where: lowered.contains)
        }
        return rest.isEmpty ? nil : rest.joined(separator: ", ")
    }

    /// `location` without `phone`'s part, the other attendees and any other text kept.
    public static func removing(_ phone: PhoneNumber, from location: String, defaultCallingCode: CallingCode?) -> String {
        parts(of: location).filter { PhoneNumberParser.parse($0, defaultCallingCode: defaultCallingCode) != phone }
            .joined(separator: ", ")
    }

    /// The location cut where one attendee's number ends and the next begins. A `/` separates
    /// only between numbers ("… 43210 / +44 …", "…43210/+44…"), never inside a link (`wa.me/…`)
    /// or a number written with slashes.
    static func parts(of location: String) -> [String] {
        // Arabic, full-width and ideographic commas and semicolons separate as their ASCII
        // forms do: "+٩٧١ ٥٠ ١٢٣ ٤٥٦٧، +٩٧١ ٥٥ ..." names two attendees, not one with two numbers.
        var parts: [String] = []
        var current = ""
        var lastWord = LastWord()
        let characters = Array(location)
        for (index, character) in characters.enumerated() {
            // A comma inside a link ("maps…?q=52.52,13.40") is part of the link, not a separator.
            let inLink = lastWord.isLink && characters.indices.contains(index + 1) && !characters[index + 1].isWhitespace
            if (separators.contains(character) && !inLink) || character == "\n" || (character == "/" && separatesNumbers(characters, at: index)) {
                parts.append(current)
                current = ""
                lastWord = LastWord()
            } else {
                current.append(character)
                lastWord.append(character)
            }
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Whether the last word of a growing text is a link (it has a scheme, "www." or a query),
    /// kept up as each character comes: splitting the whole text again at every character made a
    /// long location take quadratic time (160 KB held up the sync for ever).
    private struct LastWord {
        private(set) var isLink = false
        private var length = 0
        private var start: [Character] = []
        private var end: [Character] = []
        /// White space came after the word: the next character starts another.
        private var ended = false

        mutating func append(_ character: Character) {
            if character.isWhitespace {
                ended = length > 0
                return
            }
            if ended { self = LastWord() }
            length += 1
            if start.count < 4 { start.append(character) }
            end = Array((end + [character]).suffix(3))
            if character == "?" || end == [":", "/", "/"] || (length == 4 && String(start).lowercased().hasPrefix("www.")) {
                isLink = true
            }
        }
    }

    private static let separators: Set<Character> = [",", ";", "\u{060C}", "\u{061B}", "\u{FF0C}", "\u{FF1B}", "\u{3001}"]

    private static func separatesNumbers(_ characters: [Character], at index: Int) -> Bool {
        let before = index > 0 ? characters[index - 1] : " "
        let after = characters[(index + 1)...].first { $0 != " " }
        return before == " " || characters.dropFirst(index + 1).first == " " || after == "+"
    }
}

extension PhoneNumberParser {
    /// Whether `text` holds a run of digits long enough to be meant as a phone number.
    static func looksLikeNumber(_ text: String) -> Bool {
        DigitRunScanner(LocationText.normalized(text)).runs().contains { $0.digits.count >= minimumDigits }
    }
}
