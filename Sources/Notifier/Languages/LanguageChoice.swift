import Foundation

/// Which language an attendee gets (DESIGN.md §26): the event's `#lang`, else their own choice,
/// else (with `LANGUAGE_BY_COUNTRY=on`) their number's country's main language, else
/// `DEFAULT_LANGUAGE`. Whatever is asked for ends on a language with texts: `pt-PT` → `pt` →
/// another `pt` (`pt-BR`) → the default.
public struct LanguageChoice: Sendable {
    public var defaultLanguage: Language
    public var byCountry: Bool
    /// The languages there are texts for.
    public var available: [Language]

    public init(defaultLanguage: Language = .english, byCountry: Bool = false, available: [Language] = Language.shipped) {
        self.defaultLanguage = defaultLanguage
        self.byCountry = byCountry
        self.available = available
    }

    /// The language for `phone` (E.164) given the event's tag and the attendee's own choice.
    public func language(eventTag: Language?, chosen: Language?, phone: String?) -> Language {
        if let eventTag { return nearest(eventTag) }
        if let chosen { return nearest(chosen) }
        if byCountry, let phone, let country = PhoneNumber(e164: phone).flatMap({ Self.countryLanguage(of: $0) }) { return nearest(country) }
        return nearest(defaultLanguage)
    }

    /// `language` if there are texts for it, else the closest that has them, else the default.
    public func nearest(_ language: Language) -> Language {
        if available.contains(language) { return language }
        if available.contains(language.base) { return language.base }
        if let sibling = available.first(where: { $0.base == language.base }) { return sibling }
        return available.contains(defaultLanguage) ? defaultLanguage : .english
    }

    /// A number's country's main language, by its calling code (the national prefix is enough for
    /// the countries whose languages ship; shared codes such as +1 keep the default).
    static func countryLanguage(of phone: PhoneNumber) -> Language? {
        let digits = String(phone.e164.dropFirst())
        for length in [3, 2, 1] where digits.count > length {
            if let tag = byCallingCode[String(digits.prefix(length))] { return Language(tag: tag) }
        }
        return nil
    }

    /// Countries whose main language has shipped texts. Multilingual countries (Belgium,
    /// Switzerland, Canada) and +1 are left out: the default is a better guess there.
    static let byCallingCode: [String: String] = [
        // Spanish
        "34": "es", "52": "es", "54": "es", "56": "es", "57": "es", "58": "es", "51": "es", "53": "es", "591": "es",
        "593": "es", "595": "es", "598": "es", "502": "es", "503": "es", "504": "es", "505": "es", "506": "es", "507": "es",
        // Portuguese
        "55": "pt-BR", "351": "pt-PT", "244": "pt-PT", "258": "pt-PT",
        // French
        "33": "fr", "377": "fr", "221": "fr", "225": "fr",
        // German
        "49": "de", "43": "de", "423": "de",
        // Hindi
        "91": "hi",
        // English
        "44": "en", "353": "en", "61": "en", "64": "en", "27": "en",
    ]
}
