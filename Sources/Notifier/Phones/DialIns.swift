/// The dial-in part of a pasted meeting invitation (Zoom, Teams, Meet, Webex): its numbers are the
/// conference's, never the attendee's (DESIGN.md §22). From a header such as "One tap mobile" or
/// "Dial by your location" to the end, and every dial string ("+1 646 558 8656,,84512345678#"),
/// is left out before the location is read.
enum DialIns {
    /// Lines that start an invitation's list of dial-in numbers, lowercased.
    static let headers = [
        "one tap mobile", "dial by your location", "join by phone",
        "find your local number", "conference id", "audio only", "per telefon", "marcar por", "llamar al",
        "numéro de téléphone de la réunion", "composer le",
    ]
    /// Words that are a header only when numbers follow them ("Dial-in: +1 …", "Call in numbers",
    /// "Or dial +1 …"): "Please call in 5 min early. Mobile +1 …" is the host's own sentence, and
    /// cutting there dropped the attendee's number without a word.
    static let verbHeaders = ["dial-in", "dial in", "or dial", "call in", "call-in"]
    /// Words after a verb header that make it one ("Dial-in numbers", "dial in using your phone",
    /// "Call in toll-free"); "no", "by" and "local" do not ("call in no later than", "dial in by
    /// 5pm", "call in local time", found in review).
    private static let numberWords: Set<String> = ["number", "numbers", "using", "toll"]
    /// Headers that German writes inside compounds ("Einwahlnummer", "Schnelleinwahl mobil"),
    /// found anywhere in a word.
    static let compoundHeaders = ["einwahl"]

    static func removed(from location: String) -> String {
        var text = location
        let lowered = text.lowercased()
        let found = headers.compactMap { firstWords($0, in: lowered) } + compoundHeaders.compactMap { lowered.range(of: $0)?.lowerBound }
            + verbHeaders.compactMap { firstWords($0, in: lowered, introducing: true) }
        if let header = found.min() {
            // The header's offset in the lowercased copy is the same in the original for these
            // ASCII-first headers only when lowercasing kept lengths; cut by character count to be safe.
            let count = lowered.distance(from: lowered.startIndex, to: header)
            text = String(text.prefix(count))
        }
        return withoutDialStrings(text)
    }

    /// Where `words` first stand in `text` as words of their own: "recall in 2 weeks" holds no
    /// "call in" (it did, and the attendee's number after it was dropped without a word).
    /// With `introducing`, only where numbers follow them (`verbHeaders`).
    static func firstWords(_ words: String, in text: String, introducing: Bool = false) -> String.Index? {
        var searched = text.startIndex
        while let found = text.range(of: words, range: searched..<text.endIndex) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !(before?.isLetter ?? false), !(after?.isLetter ?? false), !introducing || introducesNumbers(text[found.upperBound...]) {
                return found.lowerBound
            }
            searched = text.index(after: found.lowerBound)
        }
        return nil
    }

    /// Whether what follows a verb header is a list of numbers: a colon ("Dial-in: …"), a "+", a
    /// number on the next line, or a word that names them; a bracket without digits ("Dial-in
    /// (US): …") is passed over. "Will call in⏎Mobile +1 …" and "call in (10 min before)" are
    /// the host's own words. A colon is taken at its word: "Client to call in: +1 …" is still cut.
    private static func introducesNumbers(_ rest: Substring) -> Bool {
        var next = rest.drop { $0 == " " || $0 == "\t" }
        if next.first == "(", let close = next.prefix(24).firstIndex(of: ")"), !next[..<close].contains(where: \.isNumber) {
            next = next[next.index(after: close)...].drop { $0 == " " || $0 == "\t" }
        }
        guard let first = next.first else { return true }
        if first == ":" || first == "+" { return true }
        if first.isNewline {
            let line = next.drop { $0.isWhitespace }
            return line.first.map { $0 == "+" || $0 == "(" || $0.isNumber } ?? true
        }
        return numberWords.contains(String(next.prefix { $0.isLetter }))
    }

    /// Each dial string replaced by `|`: a number (`+`, a digit, at least five of digits, spaces,
    /// `().-`, a digit) followed by the pauses `,,` (and what follows them: `[0-9*#,]*`) or by
    /// `,<id of four digits or more>#` (and the same). Found from each comma back to its number,
    /// in one pass: the regular expression this replaces backtracked over every run of digits and
    /// spaces, and a location of 160 KB of them held up the sync for ever.
    static func withoutDialStrings(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        // Any script's decimal digits: a dial string written in Arabic ones is one too.
        func isDigit(_ index: Int) -> Bool { index >= 0 && index < scalars.count && scalars[index].properties.numericType == .decimal }
        func isRunScalar(_ index: Int) -> Bool { isDigit(index) || " ().-".unicodeScalars.contains(scalars[index]) }
        func isTailScalar(_ index: Int) -> Bool { isDigit(index) || "*#,".unicodeScalars.contains(scalars[index]) }
        var result = String.UnicodeScalarView()
        var copied = 0
        var comma = 0
        while comma < scalars.count {
            defer { comma += 1 }
            guard scalars[comma] == ",", comma > copied else { continue }
            // The tail's start: `,,`, else `,dddd#` (its digits end at the next non-digit).
            var end = comma + 1
            if end < scalars.count, scalars[end] == "," {
                end += 1
            } else {
                while isDigit(end) { end += 1 }
                guard end - comma - 1 >= 4, end < scalars.count, scalars[end] == "#" else { continue }
                end += 1
            }
            // The number before it: white space, a last digit, then the longest run back (no
            // run holds a comma, so each stretch between two commas is read back once at most).
            var last = comma - 1
            while last >= copied, scalars[last].properties.isWhitespace { last -= 1 }
            guard last >= copied, isDigit(last) else { continue }
            var first = last - 1
            while first >= copied, isRunScalar(first) { first -= 1 }
            first += 1
            // It starts at a digit (the run may begin with spaces or brackets), with its `+`.
            while first < last, !isDigit(first) { first += 1 }
            guard last - first - 1 >= 5 else { continue }
            if first > copied, scalars[first - 1] == "+" { first -= 1 }
            // Only now the rest of the tail, which the match takes: reading it for a comma that
            // has no number before it read the same commas again for each (found in review).
            while end < scalars.count, isTailScalar(end) { end += 1 }
            result.append(contentsOf: scalars[copied..<first])
            result.append("|")
            copied = end
            comma = end - 1
        }
        result.append(contentsOf: scalars[copied...])
        return String(result)
    }
}
