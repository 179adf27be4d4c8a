/// Everything wrong with a configuration, reported at once so that an operator fixes it in one go.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public let setting: String
        public let problem: String
        public var description: String { "\(setting) \(problem)" }
    }

    public let problems: [Problem]

    init(_ problems: [Problem]) {
        self.problems = problems
    }

    public var description: String {
        let noun = problems.count == 1 ? "problem" : "problems"
        return (["Invalid configuration (\(problems.count) \(noun)):"] + problems.map { "  - \($0)" })
            .joined(separator: "\n")
    }
}

/// Why one value was refused; the reader adds the setting's name.
struct InvalidSetting: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
