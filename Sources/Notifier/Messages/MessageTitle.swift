/// An event's title as a message quotes it. WhatsApp takes at most 1,600 characters a message
/// (Twilio refuses more with 21617, and the attendee heard nothing), so a title pasted long (an
/// agenda, a whole e-mail) is cut where the message would be longer; and the controls that
/// reverse or embed text direction are left out, so that a title cannot make the links or dates
/// after it read otherwise than they are.
enum MessageTitle {
    /// The longest text one WhatsApp message may be (Twilio's limit, error 21617).
    static let messageLength = 1_600
    /// A title in a list of sessions, or as a template's value: long enough for any title written
    /// as one.
    static let shortLength = 200

    /// The text `render` makes of `title`, with the title cut as far as the message needs.
    static func fitted(_ title: String, _ render: (String) -> String) -> String {
        let clean = withoutDirectionControls(title)
        var (text, length) = (render(clean), clean.utf16.count)
        // Cutting the title by as many UTF-16 units as the text is over (and one for the "…")
        // shortens it enough, unless the template quotes the title twice: then again.
        while text.utf16.count > messageLength, length > 0 {
            length = max(0, length - (text.utf16.count - messageLength) - 1)
            text = render(cut(clean, to: length))
        }
        return text
    }

    /// `title` for a list row or a template's value.
    static func short(_ title: String) -> String {
        cut(withoutDirectionControls(title), to: shortLength - 1)
    }

    /// At most `units` UTF-16 units of `title` (Twilio's measure), whole characters only, and
    /// then "…"; the title itself when it fits.
    private static func cut(_ title: String, to units: Int) -> String {
        guard title.utf16.count > units else { return title }
        var (kept, used) = ("", 0)
        for character in title {
            used += character.utf16.count
            guard used <= units else { break }
            kept.append(character)
        }
        return String(kept[..<(kept.lastIndex { !$0.isWhitespace }.map(kept.index(after:)) ?? kept.startIndex)]) + "…"
    }

    private static func withoutDirectionControls(_ title: String) -> String {
        guard title.unicodeScalars.contains(where: isDirectionControl) else { return title }
        return String(String.UnicodeScalarView(title.unicodeScalars.filter { !isDirectionControl($0) }))
    }

    /// Embeddings and overrides (U+202A-U+202E) and isolates (U+2066-U+2069).
    private static func isDirectionControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
