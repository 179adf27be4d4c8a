import Foundation
import Testing
import TestSupport
@testable import Notifier

@Suite struct MessageTemplatesTests {
    /// The repository's `templates/`, which operators copy and edit.
    static let shippedDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates").path

    /// Every language's files in `templates/<lang>/`, as `scripts/templates/embed.py` builds them in.
    @Test func shippedFilesMatchTheBuiltInTexts() throws {
        var files: [String: String] = [:]
        for language in Language.shipped {
            let folder = "\(Self.shippedDirectory)/\(language.code)"
            for name in MessageTemplateName.allCases.map({ "messages/\($0.rawValue).mustache" }) + ["texts.txt"] {
                files["\(language.code)/\(name)"] = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
            }
        }
        #expect(Set(files.keys) == Set(ShippedTexts.files.keys), "run scripts/templates/embed.py")
        for (path, text) in files {
            #expect(ShippedTexts.files[path] == text, "\(path) differs from the built-in text: run scripts/templates/embed.py")
        }
    }

    @Test func anEditedFileOverridesOnlyItsTemplate() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("messages"), withIntermediateDirectories: true)
        try "Hola! {{summary}} el {{start}}.\n\n{{> links}}\n"
            .write(toFile: directory.path("messages/scheduled.mustache"), atomically: true, encoding: .utf8)
        let templates = try MessageTemplates.load(directory: directory.url.path)
        let scheduled = templates.render(.scheduled, ["summary": "Yoga", "start": "lunes", "cancel_link": "L"])
        #expect(scheduled == "Hola! Yoga el lunes.\n\nNeed to change it?\nCancel: L")
        #expect(templates.render(.noSessions, [:]) == "You have no sessions in the next 30 days.")
    }

    @Test func aBrokenTemplateIsAnErrorNamingItsFile() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("messages"), withIntermediateDirectories: true)
        try "Your session {{#summary} is broken\n"
            .write(toFile: directory.path("messages/cancelled.mustache"), atomically: true, encoding: .utf8)
        #expect {
            try MessageTemplates.load(directory: directory.url.path)
        } throws: { error in
            "\(error)".contains("messages/cancelled.mustache")
        }
    }
}
