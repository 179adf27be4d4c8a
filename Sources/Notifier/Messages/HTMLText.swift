/// The page texts of `texts.txt` made HTML (DESIGN.md §26); values are escaped with `HTMLEscape`.
enum HTMLText {
    /// A text's own words escaped (`&`, `<`, `>`), its Mustache tags (`{{summary}}`) left as they
    /// are: what a translator writes is shown as written, never read as markup. Quotes stay, as
    /// the words go only between tags (`“Coaching”`, `"Coaching"`).
    static func escapingOutsideTags(_ text: String) -> String {
        var result = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            result += escapeWords(rest[..<open.lowerBound])
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            var end = close.upperBound
            // `{{{…}}}`: the third brace belongs to the tag.
            if rest[open.upperBound...].hasPrefix("{"), rest[end...].hasPrefix("}") { end = rest.index(after: end) }
            result += rest[open.lowerBound..<end]
            rest = rest[end...]
        }
        return result + escapeWords(rest)
    }

    private static func escapeWords(_ words: Substring) -> String {
        words.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
