import Foundation

/// What an attendee's reply means (DESIGN.md §15): the whole message, case and accents ignored,
/// spaces and punctuation around it trimmed; a quick-reply button by its payload, not its label.
public enum ReplyWord: Equatable, Sendable {
    case confirm, cancel, reschedule, yes, stop, start, help, list
    /// `LANGUAGE es` (or `IDIOMA`, `LANGUE`, `SPRACHE`, `भाषा`): what follows, if anything.
    case language(String?)
    /// Anything else: answered with the 30-day list.
    case other

    /// `yesWords`: each language's own YES (`si`, `sim`, `oui`, `ja`, `हाँ`), already normalized.
    public init(body: String, buttonPayload: String? = nil, yesWords: Set<String> = []) {
        if let payload = buttonPayload.map(Self.normalized), let button = Self.buttons[payload] {
            self = button
            return
        }
        let normalized = Self.normalized(body)
        if let word = Self.words[normalized] {
            self = word
        } else if yesWords.contains(normalized) {
            self = .yes
        } else if let first = normalized.split(separator: " ", maxSplits: 1).first,
                  Self.languageWords.contains(first.trimmingCharacters(in: .punctuationCharacters)) {
            // `LANGUAGE es`, `Language: es`.
            let rest = normalized.dropFirst(first.count).trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
            self = .language(rest.isEmpty ? nil : rest)
        } else {
            self = .other
        }
    }

    static let languageWords: Set<String> = ["language", "idioma", "langue", "sprache", "lingua", "भाषा"]

    static let buttons: [String: ReplyWord] = ["confirm": .confirm, "cancel": .cancel, "reschedule": .reschedule]

    static let words: [String: ReplyWord] = [
        "1": .confirm, "confirm": .confirm, "2": .cancel, "cancel": .cancel, "3": .reschedule, "reschedule": .reschedule,
        "yes": .yes, "stop": .stop, "unsubscribe": .stop, "start": .start, "help": .help, "list": .list,
    ]

    /// `"  Yés! "` → `yes`.
    static func normalized(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters).union(.symbols))
    }
}
