import Foundation

/// A language's `texts.txt`: one text a line, `key = text`, `#` comments and blank lines ignored.
/// A line of another form is an error naming it, so an operator's typo fails at start-up. Lines
/// may end in CRLF (a file saved on Windows).
enum TextFile {
    static func parse(_ contents: String, file: String) throws(MessageTemplatesError) -> [(key: String, text: String)] {
        var texts: [(key: String, text: String)] = []
        var seen: Set<String> = []
        // Split on the byte: as characters, `\r\n` is one, and a CRLF file was a single line.
        for (index, bytes) in contents.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            var line = Substring(bytes)
            if line.utf8.last == UInt8(ascii: "\r") { line = Substring(line.utf8.dropLast()) }
            let trimmed = trimmingSpaces(line)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw MessageTemplatesError(file: file, reason: "line \(index + 1) is not `key = text`")
            }
            let key = String(trimmingSpaces(trimmed[..<equals]))
            let text = String(trimmingSpaces(trimmed[trimmed.index(after: equals)...]))
            guard !key.isEmpty, key.utf8.allSatisfy(isKeyByte) else {
                throw MessageTemplatesError(file: file, reason: "line \(index + 1): \"\(key)\" is not a text's key")
            }
            guard seen.insert(key).inserted else {
                throw MessageTemplatesError(file: file, reason: "line \(index + 1): \(key) is given twice")
            }
            texts.append((key, text))
        }
        return texts
    }

    /// A key is ASCII letters, digits, `.` and `_`.
    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "."), UInt8(ascii: "_"): true
        default: false
        }
    }

    /// `text` without the spaces and tabs at either end (`CharacterSet.whitespaces`), without a
    /// trip through `NSString`: start-up reads some two thousand lines.
    static func trimmingSpaces(_ text: Substring) -> Substring {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool { CharacterSet.whitespaces.contains(scalar) }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else {
            return text[text.endIndex...]
        }
        return Substring(scalars[first...last])
    }
}
