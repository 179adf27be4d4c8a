import ArgumentParser
import Foundation
import Logging
import Notifier

/// Output shared by the commands: results on standard output, problems on standard error.
enum Console {
    /// Exit status for a configuration that cannot be used (DESIGN.md §3).
    static let configurationExit = ExitCode(2)

    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// The log: structured lines on standard error, so that standard output stays the command's
    /// result; with `LOG_FORMAT=json`, one JSON object a line.
    static func logger(level: Logger.Level, format: LogFormat = .text) -> Logger {
        var logger = Logger(label: "gcal-whatsapp", factory: { label in
            switch format {
            case .text: TextLogHandler(label: label)
            case .json: JSONLogHandler(label: label)
            }
        })
        logger.logLevel = level
        return logger
    }

    /// Runs `load`, turning a configuration error into its message and exit status 2.
    static func configuration<Value>(_ load: () throws(ConfigurationError) -> Value) throws -> Value {
        do {
            return try load()
        } catch {
            Self.error(error.description)
            throw configurationExit
        }
    }
}
