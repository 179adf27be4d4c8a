import Foundation

/// One content line of iCalendar (RFC 5545 §3.1): a name, its parameters, its value as written.
public struct ContentLine: Sendable, Equatable {
    public var name: String
    public var parameters: [String: String]
    public var value: String
    /// The line as it was read: written back unchanged, so that what the service does not touch
    /// keeps every character the host's calendar app wrote.
    var raw: String?

    /// The value of a TEXT property with its escapes undone (`\\n`, `\\,`, `\\;`, `\\\\`).
    public var text: String {
        var result = ""
        var escaping = false
        for character in value {
            if escaping {
                switch character {
                case "n", "N": result.append("\n")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Parses one unfolded line; nil when it has no `:`.
    init?(_ line: Substring) {
        // The name and parameters end at the first `:` outside a quoted parameter value.
        var inQuotes = false
        var colon: Substring.Index?
        for index in line.indices {
            let character = line[index]
            if character == "\"" { inQuotes.toggle() }
            if character == ":" && !inQuotes { colon = index; break }
        }
        guard let colon else { return nil }
        raw = String(line)
        let head = line[..<colon]
        value = String(line[line.index(after: colon)...])
        var pieces = Self.split(head, on: ";")
        name = String(pieces.removeFirst()).uppercased()
        parameters = [:]
        for piece in pieces {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            parameters[pair[0].uppercased()] = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }

    init(name: String, parameters: [String: String] = [:], value: String) {
        self.name = name
        self.parameters = parameters
        self.value = value
    }

    /// The items of a list value (`CATEGORIES:a,b\\,c`), split on the commas that are not escaped,
    /// each still escaped.
    static func listItems(_ value: String) -> [String] {
        var items: [String] = []
        var current = ""
        var escaping = false
        for character in value {
            if escaping {
                current.append(character)
                escaping = false
            } else if character == "\\" {
                current.append(character)
                escaping = true
            } else if character == "," {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        items.append(current)
        return items
    }

    /// `text` escaped as a TEXT value.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Splits on `separator` outside quotes.
    private static func split(_ text: Substring, on separator: Character) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var inQuotes = false
        for index in text.indices {
            if text[index] == "\"" { inQuotes.toggle() }
            if text[index] == separator && !inQuotes {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
        }
        parts.append(text[start...])
        return parts
    }

    /// The line as written, folded at 75 octets without splitting a character.
    var folded: String {
        if let raw { return Self.fold(raw) }
        let parameterText = parameters.sorted { $0.key < $1.key }.map { key, value in
            value.contains(where: { ":;,".contains($0) }) ? ";\(key)=\"\(value)\"" : ";\(key)=\(value)"
        }.joined()
        return Self.fold(name + parameterText + ":" + value)
    }

    static func fold(_ line: String) -> String {
        var lines: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            if octets + size > (lines.isEmpty ? 75 : 74) {
                lines.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        lines.append(current)
        return lines.joined(separator: "\r\n ")
    }
}

/// A component (`VCALENDAR`, `VEVENT`, `VTIMEZONE`…) with its properties in order and its sub-components.
public struct ICalendarComponent: Sendable, Equatable {
    public var name: String
    public var properties: [ContentLine] = []
    public var components: [ICalendarComponent] = []

    public func first(_ name: String) -> ContentLine? { properties.first { $0.name == name } }
    public func all(_ name: String) -> [ContentLine] { properties.filter { $0.name == name } }

    /// Parses iCalendar text (lines unfolded first); nil when BEGIN and END do not match.
    public static func parse(_ text: String) -> ICalendarComponent? {
        var stack: [ICalendarComponent] = []
        var root: ICalendarComponent?
        for line in unfolded(text) where !line.isEmpty {
            guard let content = ContentLine(line) else { continue }
            switch content.name {
            case "BEGIN":
                stack.append(ICalendarComponent(name: content.value.uppercased()))
            case "END":
                guard let done = stack.popLast(), done.name == content.value.uppercased() else { return nil }
                if stack.isEmpty { root = done } else { stack[stack.count - 1].components.append(done) }
            default:
                guard !stack.isEmpty else { continue }
                stack[stack.count - 1].properties.append(content)
            }
        }
        return stack.isEmpty ? root : nil
    }

    /// Lines with folding undone: a line starting with a space or tab continues the one before.
    static func unfolded(_ text: String) -> [Substring] {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        var lines: [String] = []
        for raw in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = raw.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1] += raw.dropFirst()
            } else {
                lines.append(String(raw))
            }
        }
        return lines.map { Substring($0) }
    }

    /// The component written back: CRLF line ends, folded lines.
    public var text: String {
        var lines = ["BEGIN:\(name)"]
        lines += properties.map(\.folded)
        lines += components.map(\.text)
        lines.append("END:\(name)")
        return lines.joined(separator: "\r\n")
    }
}
