import Foundation
import Testing
@testable import Notifier

/// Every shipped language has every text English has, asking for the same values (DESIGN.md §26).
@Suite struct LanguageTextsTests {
    /// `{{summary}}`, `{{#titled}}`, `{{/titled}}`, `{{> links}}`: what a text asks for, in order of first use.
    static func tags(_ text: String) -> [String] {
        let found = text.matches(of: #/\{\{\s*([#^/>&]?)\s*([^}\s]+)\s*\}\}/#).map { "\($0.1)\($0.2)" }
        return found.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    static func texts(_ language: Language) throws -> [String: String] {
        let file = try #require(ShippedTexts.files["\(language.code)/texts.txt"], "\(language) has no texts.txt")
        return Dictionary(uniqueKeysWithValues: try TextFile.parse(file, file: "\(language.code)/texts.txt").map { ($0.key, $0.text) })
    }

    @Test(arguments: Language.shipped.filter { $0 != .english })
    func everyTextIsThereWithTheSamePlaceholders(language: Language) throws {
        let english = try Self.texts(.english), own = try Self.texts(language)
        #expect(Set(own.keys).subtracting(english.keys).isEmpty, "\(language) has texts English has not")
        for (key, text) in english {
            let translated = try #require(own[key], "\(language) misses \(key)")
            #expect(Set(Self.tags(translated)) == Set(Self.tags(text)), "\(language) \(key): \(translated)")
        }
    }

    @Test(arguments: Language.shipped.filter { $0 != .english })
    func everyMessageIsThereWithTheSamePlaceholders(language: Language) throws {
        for name in MessageTemplateName.allCases {
            let english = try #require(ShippedTexts.files["en/messages/\(name.rawValue).mustache"])
            let translated = try #require(ShippedTexts.files["\(language.code)/messages/\(name.rawValue).mustache"], "\(language) misses \(name)")
            #expect(Set(Self.tags(translated)) == Set(Self.tags(english)), "\(language) \(name)")
            #expect(translated.hasSuffix("\n"))
        }
    }

    @Test func theYesWordIsEachLanguagesOwn() throws {
        let firstWords = try Dictionary(uniqueKeysWithValues: Language.shipped.map { ($0.code, String(try Self.texts($0)["word.yes"]?.split(separator: ",").first ?? "")) })
        #expect(firstWords == ["en": "YES", "es": "SÍ", "pt-BR": "SIM", "fr": "OUI", "de": "JA", "hi": "हाँ"])
        let templates = MessageTemplates.builtIn
        func words(_ code: String) -> Set<String> { templates.yesWords(in: Language(tag: code)!) }
        #expect(ReplyWord(body: "sim!", yesWords: words("pt-BR")) == .yes)
        #expect(ReplyWord(body: "Sí", yesWords: words("es")) == .yes)
        for spelling in ["हाँ", "हां", "Haan"] { #expect(ReplyWord(body: spelling, yesWords: words("hi")) == .yes, "\(spelling)") }
        #expect(ReplyWord(body: "ja", yesWords: words("es")) == .other, "a Spanish attendee's \"ja\" is no German yes")
        #expect(ReplyWord(body: "sim") == .other, "without the languages' words, only English")
    }

    @Test func aMissingTextIsCaught() throws {
        // The check above would fail for a language that lost a text or renamed a value.
        #expect(Set(Self.tags("Olá {{nome}}{{#titled}}x{{/titled}}")) != Set(Self.tags("Hello {{summary}}{{#titled}}x{{/titled}}")))
        #expect(throws: MessageTemplatesError.self) { try TextFile.parse("reply.help = a\nreply.help = b", file: "x") }
        #expect(throws: MessageTemplatesError.self) { try TextFile.parse("no equals sign here", file: "x") }
    }
}
