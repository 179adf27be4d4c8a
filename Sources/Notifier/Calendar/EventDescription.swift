import Foundation

/// An event description as the host wrote it, apart from the lines this service writes into it
/// (DESIGN.md §8): failure and `Not sent` lines at the top and the links block at the end. Rules
/// read only the host's part, so the service's own text (which mentions calendly.com and wa.me)
/// never counts.
public struct EventDescription: Equatable, Sendable {
    static let failureStart = "Failed to send WhatsApp message"
    static let failurePrefix = failureStart + ": "
    static let notSentPrefix = "Not sent: "
    static let confirmedStart = "Confirmed by"
    static let blockPrefix = "Attendee on WhatsApp: https://wa.me/"

    /// The host's own text.
    public var hostText: String
    /// The lines shown at the top, if any: problems and confirmations.
    public var problems: [String]

    public init(_ description: String?) {
        var lines = (description ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The service's own lines, wherever the host's edits left them: only their exact forms.
        problems = lines.filter(Self.isServiceLine)
        lines.removeAll(where: Self.isServiceLine)
        // Only the block's own lines go: text the host typed below it stays.
        if let last = lines.lastIndex(where: { $0.hasPrefix(Self.blockPrefix) }) {
            var start = last
            while start > 0, Self.isBlockLine(lines[start - 1]) { start -= 1 }
            var end = last + 1
            while end < lines.count, Self.isBlockLine(lines[end]) { end += 1 }
            lines.removeSubrange(start..<end)
        }
        hostText = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `Failed to send WhatsApp message: …`, `… message to +…: …`, `Not sent: "…" is not a WhatsApp
    /// number…`, `Not sent…: the attendee opted out…`, `Confirmed by … on WhatsApp: …`.
    static func isServiceLine(_ line: String) -> Bool {
        if line.hasPrefix(failurePrefix) || line.hasPrefix(failureStart + " to +") { return true }
        if line.hasPrefix(notSentPrefix + "\"") && line.contains("\" is not a WhatsApp number with a country code") { return true }
        if line.hasPrefix("Not sent") && line.hasSuffix("the attendee opted out of WhatsApp messages.") { return true }
        return line.hasPrefix(confirmedStart + " ") && line.contains(" on WhatsApp: ")
    }

    private static func isBlockLine(_ line: String) -> Bool {
        line.hasPrefix(blockPrefix) || line.hasPrefix("Cancel: ") || line.hasPrefix("Reschedule: ")
    }

    /// True when a line of the host's text is exactly `tag` (e.g. `#mute`), ignoring case and spaces.
    func hasLine(_ tag: String) -> Bool {
        plainLines.contains { $0.lowercased() == tag }
    }

    /// The host's text as lines of plain text: Google Calendar's web editor saves a description
    /// as HTML (`#mute<br>Bring shoes`, `<p>#lang fr</p>`), and a tag on its own line there is a
    /// line too.
    var plainLines: [String] {
        var text = hostText
        if text.contains("<") {
            text = text.replacing(#/(?i)<\s*(br|/?p|/?div|/?li)\b[^>]*>/#, with: "\n").replacing(#/<[^>]*>/#, with: "")
        }
        text = text.replacingOccurrences(of: "&nbsp;", with: " ")
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The language a `#lang pt-BR` line names (DESIGN.md §26); the first such line counts.
    public var language: Language? {
        for line in plainLines {
            let words = line.split(whereSeparator: \.isWhitespace)
            guard words.count == 2, words[0].lowercased() == "#lang" else { continue }
            return Language(tag: String(words[1]))
        }
        return nil
    }

    /// Whether the host silenced the event with a `#mute` line (DESIGN.md §6).
    public static func isMuted(_ description: String?) -> Bool {
        EventDescription(description).hasLine("#mute")
    }

    /// The description with a `#mute` line added, or every one taken out, the rest as it was.
    public static func settingMute(_ muted: Bool, in description: String?) -> String {
        var lines = (description ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { $0.trimmingCharacters(in: .whitespaces).lowercased() == "#mute" }
        if muted { lines.insert("#mute", at: 0) }
        return lines.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }
}
