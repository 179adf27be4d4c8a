/// Finds the digit runs in a location, leaving out those that are part of a word, an amount, a
/// labelled code ("Meeting ID: …") or a time.
struct DigitRunScanner {
    /// Characters allowed between the digit groups of one number.
    static let separators: Set<Character> = [" ", "-", ".", "(", ")", "/"]
    /// Words after which digits are an identifier, not a phone number.
    static let labels: Set<String> = [
        "account", "code", "id", "invoice", "meeting", "order", "passcode", "password", "pin", "pwd",
        "ref", "reference", "room", "ticket",
    ]

    private let text: [Character]

    init(_ text: [Character]) {
        self.text = text
    }

    /// The runs that may be phone numbers, in the order they appear.
    func runs() -> [DigitRun] {
        var runs: [DigitRun] = []
        var index = 0
        while index < text.count {
            guard let (run, end) = scan(from: index) else {
                index += 1
                continue
            }
            if let run { runs.append(run) }
            index = end
        }
        return runs
    }

    /// Reads the run starting at `start`, if one does: the run (nil when it is not a candidate) and
    /// the index just after its last digit.
    private func scan(from start: Int) -> (run: DigitRun?, end: Int)? {
        var index = start
        let lead = character(at: index) == "(" ? "(" : ""
        index += lead.count
        let hasPlus = character(at: index) == "+"
        if hasPlus { index += 1 }
        guard character(at: index)?.isASCIIDigit == true else { return nil }

        var groups: [String] = [], separators = [lead]
        while true {
            let groupStart = index
            while character(at: index)?.isASCIIDigit == true { index += 1 }
            groups.append(String(text[groupStart..<index]))
            var separator = "", next = index
            // Up to three characters, as in ") - "; a slash only alone, as in the German "030/1234567".
            while separator.count < 3, let found = character(at: next), Self.separators.contains(found) {
                separator.append(found)
                next += 1
            }
            separators.append(separator)
            guard character(at: next)?.isASCIIDigit == true, !separator.contains("/") || separator == "/"
            else { break }
            index = next
        }

        guard !joinsWord(character(at: start - 1)), !joinsWord(character(at: index)), !followsLabel(start)
        else { return (nil, index) }
        var run = DigitRun(groups: groups, separators: separators, hasPlus: hasPlus)
        run.dropDatesAndTimes(timeBefore: lead.isEmpty && !hasPlus && isTimeColon(at: start - 1),
                              timeAfter: isTimeColon(at: index))
        return (run.groups.isEmpty ? nil : run, index)
    }

    /// Whether a character touching a run makes it part of something else: "221B", "ID12345678",
    /// "€1.234.567", "50%", "#1234567".
    private func joinsWord(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || character.isCurrencySymbol || "#%@&+".contains(character)
    }

    /// Whether the word before the run (past spaces and ":", "#", ".") is a label like "ID" or "PIN".
    private func followsLabel(_ start: Int) -> Bool {
        var index = start - 1
        while let found = character(at: index), " :#.".contains(found) { index -= 1 }
        var word = ""
        while let found = character(at: index), found.isLetter {
            word.insert(found, at: word.startIndex)
            index -= 1
        }
        return Self.labels.contains(word.lowercased())
    }

    /// Whether the character at `index` is the colon of a time such as "15:30".
    private func isTimeColon(at index: Int) -> Bool {
        character(at: index) == ":" && character(at: index - 1)?.isASCIIDigit == true
            && character(at: index + 1)?.isASCIIDigit == true
    }

    private func character(at index: Int) -> Character? {
        text.indices.contains(index) ? text[index] : nil
    }
}
