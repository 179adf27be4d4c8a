import Foundation
import Mustache

/// The message templates in use: each file of `TEMPLATES_DIR/messages/` that exists, and the
/// built-in text for each that does not. Messages are plain text, so nothing is HTML-escaped.
public struct MessageTemplates: Sendable {
    let library: MustacheLibrary

    /// Loads the templates under `directory/messages/`; a template that does not parse is an error
    /// naming its file, so a typo fails at start-up rather than in an attendee's message.
    public static func load(directory: String?) throws(MessageTemplatesError) -> MessageTemplates {
        let library = try TemplateLibrary.load(
            directory: directory, folder: "messages", names: MessageTemplateName.allCases.map(\.rawValue),
            builtIn: { DefaultMessageTemplates.text(of: MessageTemplateName(rawValue: $0)!) },
            pragma: "{{% CONTENT_TYPE: TEXT}}")
        return MessageTemplates(library: library)
    }

    /// The built-in texts of DESIGN.md §6.
    public static let builtIn: MessageTemplates = {
        do {
            return try load(directory: nil)
        } catch {
            preconditionFailure("the built-in templates parse: \(error)")
        }
    }()

    /// `name` rendered with `values`, without the trailing newline that template files end with.
    func render(_ name: MessageTemplateName, _ values: [String: Any]) -> String {
        var text = library.render(values, withTemplate: name.rawValue) ?? ""
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}

/// A message or page template that cannot be used.
public struct MessageTemplatesError: Error, CustomStringConvertible {
    public var file: String
    public var reason: String

    public var description: String { "template \(file) does not parse: \(reason)" }
}
