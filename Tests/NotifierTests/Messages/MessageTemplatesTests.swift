import Foundation
import Testing
import TestSupport
@testable import Notifier

@Suite struct MessageTemplatesTests {
    /// The repository's `templates/`, which operators copy and edit.
    static let shippedDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates").path

    @Test(arguments: MessageTemplateName.allCases)
    func shippedFilesMatchTheBuiltInTexts(name: MessageTemplateName) throws {
        let file = "\(Self.shippedDirectory)/messages/\(name.rawValue).mustache"
        #expect(try String(contentsOfFile: file, encoding: .utf8) == DefaultMessageTemplates.text(of: name))
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
