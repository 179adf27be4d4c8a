import Foundation

/// Reads settings one by one and keeps going after a bad one, so that every problem is reported at once.
struct SettingsReader {
    let source: ConfigurationSource
    private(set) var problems: [ConfigurationError.Problem] = []

    init(source: ConfigurationSource) {
        self.source = source
    }

    /// A setting that must be present.
    mutating func required<Value>(_ name: String, _ parse: (String) throws(InvalidSetting) -> Value) -> Value? {
        guard let text = source.value(name) else {
            problems.append(.init(setting: name, problem: "is required but not set"))
            return nil
        }
        return parsed(name, text, parse)
    }

    /// A setting that may be absent; nil when absent or invalid (and then a problem is recorded).
    mutating func optional<Value>(_ name: String, _ parse: (String) throws(InvalidSetting) -> Value) -> Value? {
        source.value(name).flatMap { parsed(name, $0, parse) }
    }

    /// A setting with a default used when it is absent.
    mutating func optional<Value>(
        _ name: String, default fallback: Value, _ parse: (String) throws(InvalidSetting) -> Value
    ) -> Value {
        optional(name, parse) ?? fallback
    }

    mutating func problem(_ name: String, _ problem: String) {
        problems.append(.init(setting: name, problem: problem))
    }

    private mutating func parsed<Value>(
        _ name: String, _ text: String, _ parse: (String) throws(InvalidSetting) -> Value
    ) -> Value? {
        do {
            return try parse(text)
        } catch {
            problems.append(.init(setting: name, problem: error.reason))
            return nil
        }
    }
}
