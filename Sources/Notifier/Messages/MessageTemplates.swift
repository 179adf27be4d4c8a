import ClientSupport
import Foundation
import Mustache
import Synchronization

/// The message templates and texts in use, per language (DESIGN.md §26): for each language,
/// `TEMPLATES_DIR/<lang>/messages/<name>.mustache` and the texts of `TEMPLATES_DIR/<lang>/texts.txt`
/// where the operator has them, the shipped ones where not, and English for anything a language
/// lacks. Messages are plain text, so nothing is HTML-escaped here (pages escape what they show).
public struct MessageTemplates: Sendable {
    struct Texts: Sendable {
        var messages: MustacheLibrary
        var phrases: [String: MustacheTemplate]
        /// The texts pages show, made for HTML: the words escaped once at load, the values each time.
        var pagePhrases: [String: MustacheTemplate] = [:]
    }

    /// The keys of `texts.txt` pages show; the conversation's are not needed there.
    static let pagePrefixes = ["page.", "problem.", "cancel.", "reschedule.", "confirm.", "slots.", "language."]

    private let byLanguage: [Language: Texts]
    /// Every language with texts: the shipped ones and any the operator added, English first.
    public let languages: [Language]

    static let plainText = "{{% CONTENT_TYPE: TEXT}}"

    /// Loads the templates under `directory`; a template or text that does not parse is an error
    /// naming its file, so a typo fails at start-up rather than in an attendee's message.
    public static func load(directory: String?) throws(MessageTemplatesError) -> MessageTemplates {
        var languages = Language.shipped
        if let directory, let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) {
            // An operator's own language: a folder named by an ISO 639 code whose texts.txt names
            // the language (`language.name = Italiano`), a name no shipped language has: a backup
            // folder (`old/`, or `new/` holding a copy of `en/`) is no language.
            // Read only when a folder might be one (start-up).
            lazy var shippedNames = Set(Language.shipped.map { ShippedTexts.name(of: $0) })
            for entry in entries.sorted() {
                let file = "\(directory)/\(entry)/texts.txt"
                guard let language = Language(tag: entry), language.code == entry, !languages.contains(language),
                      Locale.LanguageCode(language.base.code).isISOLanguage,
                      let texts = try? String(contentsOfFile: file, encoding: .utf8)
                else { continue }
                // A line of the wrong form fails here too, naming the file: before, the language was
                // left out without a word (found in review).
                guard let name = try TextFile.parse(texts, file: file).first(where: { $0.key == "language.name" })?.text,
                      !shippedNames.contains(name)
                else { continue }
                languages.append(language)
            }
        }
        // Each language on its own core: parsing every language's templates was most of start-up.
        let loaded = Mutex<[Language: Result<Texts, MessageTemplatesError>]>([:])
        let (shown, folder) = (languages, directory)
        DispatchQueue.concurrentPerform(iterations: shown.count) { index in
            let language = Result { () throws(MessageTemplatesError) in try texts(shown[index], directory: folder) }
            loaded.withLock { $0[shown[index]] = language }
        }
        var byLanguage: [Language: Texts] = [:]
        // The first language's problem, as when they were read one after another.
        for language in languages {
            byLanguage[language] = try loaded.withLock { $0[language]! }.get()
        }
        return MessageTemplates(byLanguage: byLanguage, languages: languages)
    }

    private static func texts(_ language: Language, directory: String?) throws(MessageTemplatesError) -> Texts {
        func shipped(_ path: String) -> String? {
            ShippedTexts.files["\(language.code)/\(path)"] ?? ShippedTexts.files["en/\(path)"]
        }
        var library = MustacheLibrary()
        for name in MessageTemplateName.allCases.map(\.rawValue) {
            // English was `TEMPLATES_DIR/messages/` before there were languages; edits there still count.
            let files = [directory.map { "\($0)/\(language.code)/messages/\(name).mustache" },
                         language == .english ? directory.map { "\($0)/messages/\(name).mustache" } : nil].compactMap { $0 }
            let found = files.lazy.compactMap { file in (try? String(contentsOfFile: file, encoding: .utf8)).map { (file, $0) } }.first
            let (file, text) = found ?? ("\(language.code)/messages/\(name)", shipped("messages/\(name).mustache") ?? "")
            do {
                try library.register(plainText + text, named: name)
            } catch {
                throw MessageTemplatesError(file: file, reason: "\(error)")
            }
        }
        var phrases: [String: MustacheTemplate] = [:]
        var pagePhrases: [String: MustacheTemplate] = [:]
        // English first, then the shipped language, then the operator's file: each overrides the one before.
        var sources = [("en/texts.txt", ShippedTexts.files["en/texts.txt"] ?? "")]
        if let own = ShippedTexts.files["\(language.code)/texts.txt"], language != .english { sources.append(("\(language.code)/texts.txt", own)) }
        if let file = directory.map({ "\($0)/\(language.code)/texts.txt" }), let text = try? String(contentsOfFile: file, encoding: .utf8) {
            sources.append((file, text))
        }
        var parsed: [(file: String, texts: [(key: String, text: String)])] = []
        for (file, contents) in sources { parsed.append((file, try TextFile.parse(contents, file: file))) }
        // Only the last file's text of a key is made a template: the shipped English under a
        // translation would be parsed for nothing (it was most of start-up). Every file is still
        // read through, so a line of the wrong form fails wherever it is.
        var lastFile: [String: Int] = [:]
        for (number, source) in parsed.enumerated() { for text in source.texts { lastFile[text.key] = number } }
        for (number, (file, texts)) in parsed.enumerated() {
            for (key, text) in texts where lastFile[key] == number {
                do {
                    phrases[key] = try MustacheTemplate(string: plainText + text)
                    if pagePrefixes.contains(where: key.hasPrefix) {
                        pagePhrases[key] = try MustacheTemplate(string: plainText + HTMLText.escapingOutsideTags(text))
                    }
                } catch {
                    throw MessageTemplatesError(file: file, reason: "\(key) does not parse: \(error)")
                }
            }
        }
        return Texts(messages: library, phrases: phrases, pagePhrases: pagePhrases)
    }

    /// The shipped texts of every language.
    public static let builtIn: MessageTemplates = {
        do {
            return try load(directory: nil)
        } catch {
            preconditionFailure("the built-in templates parse: \(error)")
        }
    }()

    private func texts(_ language: Language) -> Texts {
        byLanguage[language] ?? byLanguage[.english]!
    }

    /// `name` rendered with `values` in `language`, without the trailing newline template files end with.
    func render(_ name: MessageTemplateName, _ values: [String: Any], in language: Language = .english) -> String {
        let texts = texts(language)
        var text = texts.messages.render(values, withTemplate: name.rawValue) ?? ""
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }

    /// The text `key` (of `texts.txt`) in `language`, with `values` filled in.
    public func text(_ key: String, _ values: [String: Any] = [:], in language: Language = .english) -> String {
        texts(language).phrases[key]?.render(values) ?? key
    }

    /// The texts pages show, as HTML, rendered with `values` (each text value escaped, quotes
    /// too, so a title is safe even where a template puts it in an attribute), as nested
    /// dictionaries for page templates: `slots.pick_day` is `{{{t.slots.pick_day}}}`.
    public func pageTexts(_ values: [String: Any], in language: Language) -> [String: Any] {
        let escaped = values.mapValues { value -> Any in (value as? String).map(HTMLEscape.text) ?? value }
        var tree: [String: Any] = [:]
        for (key, template) in texts(language).pagePhrases {
            Self.insert(template.render(escaped), at: key.split(separator: ".").map(String.init)[...], into: &tree)
        }
        return tree
    }

    private static func insert(_ text: String, at path: ArraySlice<String>, into tree: inout [String: Any]) {
        guard let first = path.first else { return }
        if path.count == 1 {
            tree[first] = text
            return
        }
        var branch = tree[first] as? [String: Any] ?? [:]
        insert(text, at: path.dropFirst(), into: &branch)
        tree[first] = branch
    }


    /// The language an attendee names: its code (`pt-br`, `pt`) or its own name (`espanol`), as
    /// replies are compared; nil when there are no texts for it.
    public func language(named name: String) -> Language? {
        let wanted = ReplyWord.normalized(name)
        // `Português (Brasil)` answers to `portugues` too.
        func names(_ language: Language) -> [String] {
            let name = ReplyWord.normalized(text("language.name", in: language))
            return [ReplyWord.normalized(language.code), name, String(name.prefix { $0 != " " && $0 != "(" })]
        }
        if let language = languages.first(where: { names($0).contains(wanted) }) {
            return language
        }
        // Their language's English name: `LANGUAGE Spanish`.
        if let tag = Self.englishNames[wanted], let language = Language(tag: tag), languages.contains(language) { return language }
        // `pt` or `pt-PT` when only `pt-BR` has texts: the nearest one of the same language.
        guard let tag = Language(tag: name) else { return nil }
        return languages.first { $0.base == tag.base }
    }

    static let englishNames = ["english": "en", "spanish": "es", "portuguese": "pt-BR", "brazilian": "pt-BR", "french": "fr",
                               "german": "de", "hindi": "hi"]

    /// The language's YES (`SÍ`, `SIM`, `OUI`, `JA`, `हाँ`, and its other spellings: `word.yes`
    /// lists them, comma-separated), as replies are compared.
    public func yesWords(in language: Language) -> Set<String> {
        Set(text("word.yes", in: language).split(separator: ",").map { ReplyWord.normalized(String($0)) }.filter { !$0.isEmpty })
    }
}

/// A message or page template that cannot be used.
public struct MessageTemplatesError: Error, CustomStringConvertible {
    public var file: String
    public var reason: String

    public var description: String { "template \(file) does not parse: \(reason)" }
}

extension ShippedTexts {
    /// A shipped language's own name (`language.name`).
    static func name(of language: Language) -> String {
        let texts = (try? TextFile.parse(files["\(language.code)/texts.txt"] ?? "", file: language.code)) ?? []
        return texts.first { $0.key == "language.name" }?.text ?? language.code
    }
}
