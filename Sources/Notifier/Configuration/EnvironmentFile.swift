import Foundation

/// Reads a `.env` file: `NAME=value` lines, `#` comments, an optional `export ` prefix,
/// and values in single or double quotes (so an inline JSON key can be written on one line).
public enum EnvironmentFile {
    /// The variables of the file at `path`, or none when there is no such file.
    public static func load(path: String) throws(ConfigurationError) -> [String: String] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8)
        else { throw ConfigurationError([.init(setting: path, problem: "cannot be read as UTF-8 text")]) }
        return parse(text)
    }

    /// Parses the text of a `.env` file; malformed lines are skipped, the last definition wins.
    static func parse(_ text: String) -> [String: String] {
        var variables: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || line.isEmpty { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { continue }
            variables[name] = unquote(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces))
        }
        return variables
    }

    private static func unquote(_ value: String) -> String {
        for quote in ["\"", "'"] where value.count >= 2 && value.hasPrefix(quote) && value.hasSuffix(quote) {
            let inner = String(value.dropFirst().dropLast())
            return quote == "\"" ? inner.replacingOccurrences(of: "\\n", with: "\n") : inner
        }
        // An unquoted value may end in a comment, as in `POLL_INTERVAL=30s # every half minute`.
        if let comment = value.range(of: " #") { return value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces) }
        return value
    }
}
