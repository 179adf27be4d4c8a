import Foundation
public import Mustache

/// Mustache templates from one folder of `TEMPLATES_DIR`, each file falling back to its built-in
/// text when absent, so that the binary works without the folder and operators edit only what
/// they want to change. A file that does not parse is an error naming it, at start-up.
public enum TemplateLibrary {
    /// Loads `names` from `directory/folder/<name>.mustache`; `pragma` (e.g. plain-text content) is put first.
    public static func load(
        directory: String?, folder: String, names: [String], builtIn: (String) -> String, pragma: String = ""
    ) throws(MessageTemplatesError) -> MustacheLibrary {
        var library = MustacheLibrary()
        for name in names {
            let file = directory.map { "\($0)/\(folder)/\(name).mustache" }
            let text = file.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? builtIn(name)
            do {
                try library.register(pragma + text, named: name)
            } catch {
                throw MessageTemplatesError(file: file ?? "\(folder)/\(name)", reason: "\(error)")
            }
        }
        return library
    }
}
