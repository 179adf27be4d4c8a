import Foundation

/// A language attendees read their messages and pages in (DESIGN.md §26), as a BCP 47 tag in its
/// usual spelling: `en`, `es`, `pt-BR`. Hosts write `#lang pt_br` or `PT-BR` alike; both are `pt-BR`.
public struct Language: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// `pt-BR`: the language in lower case, a region in upper case, a script in title case.
    public let code: String

    public static let english = Language(verified: "en")
    /// The languages whose texts ship with the service.
    public static let shipped = ["en", "es", "pt-BR", "fr", "de", "hi"].map(Language.init(verified:))
    private static let byCode = Dictionary(uniqueKeysWithValues: shipped.map { ($0.code, $0) })

    private init(verified code: String) {
        self.code = code
    }

    /// The language a tag names, or nil when it is not a language tag (`pt_br`, `PT-BR` → `pt-BR`).
    public init?(tag: String) {
        // The shipped codes as written, which every drafted message names: no parsing.
        if let shipped = Self.byCode[tag] {
            self = shipped
            return
        }
        let parts = tag.trimmingCharacters(in: .whitespaces).split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "_" }).map(String.init)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }),
              parts.count <= 3, parts.dropFirst().allSatisfy({ (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        else { return nil }
        let rest = parts.dropFirst().map { part in
            switch part.count {
            case 4: part.prefix(1).uppercased() + part.dropFirst().lowercased()
            case 2, 3: part.uppercased()
            default: part.lowercased()
            }
        }
        code = ([first.lowercased()] + rest).joined(separator: "-")
    }

    /// `pt` of `pt-BR`.
    public var base: Language { Language(verified: String(code.prefix { $0 != "-" })) }

    /// The locale dates are written in: `pt_BR`; a language alone takes its main country's customs.
    public var localeIdentifier: String {
        guard !code.contains("-") else { return code.replacingOccurrences(of: "-", with: "_") }
        return Self.mainRegion[code].map { "\(code)_\($0)" } ?? code
    }

    private static let mainRegion = ["en": "US", "es": "ES", "fr": "FR", "de": "DE", "hi": "IN", "pt": "BR", "it": "IT", "nl": "NL"]

    /// How Meta names a template's translation: `pt_BR`, `en`, `es`.
    public var metaCode: String { code.replacingOccurrences(of: "-", with: "_") }

    /// `TWILIO_CONTENT_SID_SCHEDULED_PT_BR`'s suffix: `PT_BR`.
    public var settingSuffix: String { metaCode.uppercased() }

    public var description: String { code }

    public static func < (lhs: Language, rhs: Language) -> Bool { lhs.code < rhs.code }
}
