import Foundation

/// An event description as the host wrote it, apart from the lines this service writes into it
/// (DESIGN.md §8): a failure line at the top and the links block at the end. Rules read only the
/// host's part, so the service's own text (which mentions calendly.com and wa.me) never counts.
public struct EventDescription: Equatable, Sendable {
    static let failurePrefix = "Failed to send WhatsApp message: "
    static let blockPrefix = "Attendee on WhatsApp: https://wa.me/"

    /// The host's own text.
    public var hostText: String
    /// The failure reason shown at the top, if any.
    public var failure: String?

    public init(_ description: String?) {
        var lines = (description ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = lines.first, first.hasPrefix(Self.failurePrefix) {
            failure = String(first.dropFirst(Self.failurePrefix.count))
            lines.removeFirst()
        }
        // Only the block's own lines go: text the host typed below it stays.
        if let block = lines.lastIndex(where: { $0.hasPrefix(Self.blockPrefix) }) {
            var end = block + 1
            while end < lines.count, lines[end].hasPrefix("Cancel: ") || lines[end].hasPrefix("Reschedule: ") { end += 1 }
            lines.removeSubrange(block..<end)
        }
        hostText = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// True when a line of the host's text is exactly `tag` (e.g. `#mute`), ignoring case and spaces.
    func hasLine(_ tag: String) -> Bool {
        hostText.split(whereSeparator: \.isNewline).contains {
            $0.trimmingCharacters(in: .whitespaces).lowercased() == tag
        }
    }
}
