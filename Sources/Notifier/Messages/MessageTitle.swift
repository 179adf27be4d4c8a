/// An event's title as a message quotes it. WhatsApp takes at most 1,600 characters a message
/// (Twilio refuses more with 21617), so a title pasted long (an agenda, a whole e-mail) is cut,
/// and the message still goes; and the controls that reverse or embed text direction are left
/// out, so that a title cannot make the links or dates after it read otherwise than they are.
enum MessageTitle {
    /// Long enough for any title written as one; a message quotes it once.
    static let maximumLength = 200

    static func shown(_ summary: String) -> String {
        let kept = summary.unicodeScalars.contains(where: isDirectionControl)
            ? String(String.UnicodeScalarView(summary.unicodeScalars.filter { !isDirectionControl($0) })) : summary
        guard kept.count > maximumLength else { return kept }
        return kept.prefix(maximumLength - 1).trimmingTrailingWhitespace() + "…"
    }

    /// Embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
    private static func isDirectionControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}

private extension Substring {
    func trimmingTrailingWhitespace() -> String {
        String(self[..<(lastIndex { !$0.isWhitespace }.map(index(after:)) ?? startIndex)])
    }
}
