/// Text made safe for HTML and XML on the wire: pages, TwiML, the emulators' forms.
public enum HTMLEscape {
    /// `&`, `<`, `>`, `"` and `'` as entities: safe between tags and inside a quoted attribute.
    public static func text(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
