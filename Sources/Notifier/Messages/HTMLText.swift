/// The page texts of `texts.txt` made HTML (DESIGN.md §26); values are escaped with `HTMLEscape`.
enum HTMLText {
    /// A text's own words escaped (`&`, `<`, `>`), its Mustache tags (`{{summary}}`) left as they
    /// are: what a translator writes is shown as written, never read as markup. Quotes stay, as
    /// the words go only between tags (`“Coaching”`, `"Coaching"`). A `{{` never closed is words.
    /// Done over Unicode scalars, not with Foundation's search and replace: start-up makes every
    /// page text of every language HTML.
    static func escapingOutsideTags(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        func pair(_ brace: Unicode.Scalar, at position: Int) -> Bool {
            position + 1 < scalars.count && scalars[position] == brace && scalars[position + 1] == brace
        }
        var result = String.UnicodeScalarView()
        var index = 0
        var tagsClosed = true
        while index < scalars.count {
            if tagsClosed, pair("{", at: index) {
                if var end = (index + 2..<scalars.count).first(where: { pair("}", at: $0) }).map({ $0 + 2 }) {
                    // `{{{…}}}`: the third brace belongs to the tag.
                    if scalars[index + 2] == "{", end < scalars.count, scalars[end] == "}" { end += 1 }
                    result.append(contentsOf: scalars[index..<end])
                    index = end
                    continue
                }
                tagsClosed = false
            }
            switch scalars[index] {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            default: result.append(scalars[index])
            }
            index += 1
        }
        return String(result)
    }
}
