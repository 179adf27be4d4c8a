/// The dial-in part of a pasted meeting invitation (Zoom, Teams, Meet, Webex): its numbers are the
/// conference's, never the attendee's (DESIGN.md §22). From a header such as "One tap mobile" or
/// "Dial by your location" to the end, and every dial string ("+1 646 558 8656,,84512345678#"),
/// is left out before the location is read.
enum DialIns {
    /// Lines that start an invitation's list of dial-in numbers, lowercased; a space or hyphen in
    /// them matches any run of spaces and hyphens ("Dial  in", "Dial–in", "Call\u{2011}in").
    static let headers = [
        "one tap mobile", "dial by your location", "dial in", "or dial", "join by phone", "call in",
        "find your local number", "conference id", "audio only", "per telefon", "marcar por", "llamar al",
        "numéro de téléphone de la réunion", "composer le", "composez le",
        "join via phone", "join from your phone", "conference line", "conference number", "bridge number",
        "one tap", "or telephone", "join the audio by phone", "participer par téléphone", "unirse por teléfono",
        "participar por telefone", "partecipa per telefono", "deelnemen via telefoon",
    ]
    /// Headers that are also the host's verbs: "Please call in 5 min early. Mobile +1 …" is a
    /// sentence about the session, and cutting there dropped the attendee's number without a word.
    /// They are no header only where such a sentence plainly goes on and names no number;
    /// anything else after them ("Dial in at +1 …", "Call in by phone: …") still cuts, as a
    /// conference's number messaged is worse than an attendee's left out (two looser rules
    /// messaged conference lines, found in review).
    static let verbHeaders: Set<String> = ["dial in", "call in"]
    /// Words that go on such a sentence: "call in by 5pm", "dial in early".
    private static let sentenceWords: Set<String> = ["by", "early", "before", "beforehand", "ahead", "after", "once", "when"]
    /// Two words that go on such a sentence; "no" or "local" alone may start "No.: …", "local numbers".
    private static let sentencePairs: Set<[String]> = [["no", "later"], ["local", "time"]]
    /// Units of a time ("call in 5 min early", "dial in (10 minutes before)").
    private static let timeUnits: Set<String> = ["min", "mins", "minute", "minutes", "hr", "hrs", "hour", "hours", "sec", "secs", "seconds"]
    /// Words that make the rest of the sentence about a number after all ("dial in by phone").
    private static let numberWords: Set<String> = ["phone", "telephone", "number", "numbers", "dial", "call"]
    /// Headers that German writes inside compounds ("Einwahlnummer", "Schnelleinwahl mobil"),
    /// found anywhere in a word.
    static let compoundHeaders = ["einwahl"]

    static func removed(from location: String) -> String {
        var text = location
        // Other spaces are plain ones, one character for one, so that offsets still agree.
        let lowered = String(text.lowercased().map { $0.isWhitespace && !$0.isNewline ? " " : $0 })
        let found = headers.compactMap { firstWords($0, in: lowered) } + compoundHeaders.compactMap { lowered.range(of: $0)?.lowerBound }
        if let header = found.min() {
            // The header's offset in the lowercased copy is the same in the original for these
            // ASCII-first headers only when lowercasing kept lengths; cut by character count to be safe.
            let count = lowered.distance(from: lowered.startIndex, to: header)
            text = String(text.prefix(count))
        }
        return withoutDialStrings(text)
    }

    /// What may stand between a header's words: spaces, hyphens and dashes of any kind, a soft
    /// hyphen, zero-width spaces and joiners.
    private static let joints: Set<Character> = [" ", "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{00AD}",
                                                 "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}"]

    /// Where `words` first stand in `text` as words of their own, and as a header: "recall in 2
    /// weeks" holds no "call in" (it did, and the attendee's number after it was dropped without a
    /// word), nor does "please call in 5 min early".
    static func firstWords(_ words: String, in text: String) -> String.Index? {
        let parts = words.split(separator: " ").map(String.init)
        guard let head = parts.first else { return nil }
        var searched = text.startIndex
        while let found = text.range(of: head, range: searched..<text.endIndex) {
            searched = text.index(after: found.lowerBound)
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            guard !(before?.isLetter ?? false) else { continue }
            // The next words, each after at least one joint.
            var end: String.Index? = found.upperBound
            for part in parts.dropFirst() {
                guard let at = end else { break }
                let next = text[at...].drop { joints.contains($0) }
                end = next.startIndex > at && next.hasPrefix(part) ? text.index(next.startIndex, offsetBy: part.count) : nil
            }
            guard let end, !(end < text.endIndex && text[end].isLetter) else { continue }
            if verbHeaders.contains(words), continuesSentence(text[end...]) { continue }
            return found.lowerBound
        }
        return nil
    }

    /// Whether what follows "call in" or "dial in" plainly goes on the host's sentence: a time
    /// ("5 min early", "(10 min before)"), a word such as "by" or "early", or the sentence's end
    /// with words after it; and nothing up to the sentence's end that lists a number (a colon
    /// before it, a "+", five digits in a row, "phone").
    private static func continuesSentence(_ rest: Substring) -> Bool {
        let next = rest.drop { $0 == " " }
        guard let first = next.first else { return false }
        if ".!?,;".contains(first) {
            let after = next.dropFirst().drop(while: \.isWhitespace)
            return !(after.first.map { $0 == "+" || $0 == "(" || $0.isNumber } ?? true)
        }
        let clause = next.prefix { !"\n.!?;".contains($0) }
        let colon = zip(clause, clause.dropFirst()).contains { $0 == ":" && !$1.isNumber } || clause.last == ":"
        let words = clause.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        guard !colon, !clause.contains("+"), !words.contains(where: { $0.count >= 5 && $0.allSatisfy(\.isNumber) }),
              !words.contains(where: numberWords.contains) else { return false }
        let leading = Array(words.prefix(2))
        guard let word = leading.first else { return false }
        if sentenceWords.contains(word) || sentencePairs.contains(leading) { return true }
        return word.allSatisfy(\.isNumber) && word.count <= 3 && leading.count == 2 && timeUnits.contains(leading[1])
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
        // Pauses written with the Arabic or full-width comma are pauses too.
        func isComma(_ index: Int) -> Bool { index < scalars.count && ",\u{060C}\u{066C}\u{FF0C}".unicodeScalars.contains(scalars[index]) }
        func isTailScalar(_ index: Int) -> Bool { isDigit(index) || isComma(index) || "*#".unicodeScalars.contains(scalars[index]) }
        var result = String.UnicodeScalarView()
        var copied = 0
        var comma = 0
        while comma < scalars.count {
            defer { comma += 1 }
            guard isComma(comma), comma > copied else { continue }
            // The tail's start: `,,`, else `,dddd#` (its digits end at the next non-digit).
            var end = comma + 1
            if end < scalars.count, isComma(end) {
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
            if first > copied, "+\u{FF0B}".unicodeScalars.contains(scalars[first - 1]) { first -= 1 }
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
