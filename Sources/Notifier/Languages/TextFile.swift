/// A language's `texts.txt`: one text a line, `key = text`, `#` comments and blank lines ignored.
/// A line of another form is an error naming it, so an operator's typo fails at start-up.
enum TextFile {
    static func parse(_ contents: String, file: String) throws(MessageTemplatesError) -> [(key: String, text: String)] {
        var texts: [(key: String, text: String)] = []
        var seen: Set<String> = []
        for (index, line) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw MessageTemplatesError(file: file, reason: "line \(index + 1) is not `key = text`")
            }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            let text = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_") }) else {
                throw MessageTemplatesError(file: file, reason: "line \(index + 1): \"\(key)\" is not a text's key")
            }
            guard seen.insert(key).inserted else {
                throw MessageTemplatesError(file: file, reason: "line \(index + 1): \(key) is given twice")
            }
            texts.append((key, text))
        }
        return texts
    }
}
