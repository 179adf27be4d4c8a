import Foundation
import Testing
@testable import Notifier

/// `texts.txt` and the page texts' HTML, read without Foundation's string search (start-up reads
/// every language's files): the same answers as before, and CRLF files read as their lines.
@Suite struct TextParsingTests {
    @Test func aCRLFFileReadsAsItsLines() throws {
        let lf = "# A comment\nlanguage.name = Italiano\n\nreply.help =  Rispondi 1\t\n"
        let parsed = try TextFile.parse(lf, file: "it/texts.txt")
        #expect(parsed.map(\.key) == ["language.name", "reply.help"])
        #expect(parsed.map(\.text) == ["Italiano", "Rispondi 1"])
        // Saved on Windows: before, `\r\n` was one character, and the whole file was one line (a comment).
        let crlf = try TextFile.parse(lf.replacingOccurrences(of: "\n", with: "\r\n"), file: "it/texts.txt")
        #expect(crlf.map(\.key) == parsed.map(\.key) && crlf.map(\.text) == parsed.map(\.text))
    }

    @Test func spacesAreWhatCharacterSetWhitespacesHolds() throws {
        // Tabs and the space separators (no-break, ideographic) are trimmed, as Foundation trims them.
        let text = "\u{00A0}\t\u{3000}Hola {{summary}}\u{2003} \u{200B}"
        #expect(TextFile.trimmingSpaces(text[...]) == text.trimmingCharacters(in: .whitespaces)[...])
        #expect(TextFile.trimmingSpaces(" \t "[...]).isEmpty)
        #expect(try TextFile.parse("a.b_1 = x", file: "f").first?.key == "a.b_1")
        #expect(throws: MessageTemplatesError.self) { try TextFile.parse("clé = x", file: "f") }
        #expect(throws: MessageTemplatesError.self) { try TextFile.parse("a-b = x", file: "f") }
    }

    @Test func pageTextsEscapeTheWordsAndKeepTheTags() {
        #expect(HTMLText.escapingOutsideTags("Fish & <chips> on {{start}}") == "Fish &amp; &lt;chips&gt; on {{start}}")
        #expect(HTMLText.escapingOutsideTags("{{#titled}}“{{summary}}”{{/titled}} & {{{t.x}}}>")
                == "{{#titled}}“{{summary}}”{{/titled}} &amp; {{{t.x}}}&gt;")
        // A tag never closed is words.
        #expect(HTMLText.escapingOutsideTags("a {{b & c") == "a {{b &amp; c")
        #expect(HTMLText.escapingOutsideTags("") == "")
    }

    /// The escaping as it was written with Foundation's `range(of:)` and `replacingOccurrences`,
    /// against which the scalar version is compared on random texts.
    static func reference(_ text: String) -> String {
        func words(_ words: Substring) -> String {
            words.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var result = ""
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            result += words(rest[..<open.lowerBound])
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            var end = close.upperBound
            if rest[open.upperBound...].hasPrefix("{"), rest[end...].hasPrefix("}") { end = rest.index(after: end) }
            result += rest[open.lowerBound..<end]
            rest = rest[end...]
        }
        return result + words(rest)
    }

    @Test func theEscapingIsTheOneItReplaces() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["{", "}", "{{", "}}", "&", "<", ">", "a", "é", " ", "“", "ह", "#"]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(HTMLText.escapingOutsideTags(text) == Self.reference(text), "\(text)")
        }
    }
}
