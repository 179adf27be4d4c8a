import Foundation

/// Python's `cryptography.fernet` is the reference that other tools use to read and mint link
/// tokens; tests that cross-check against it skip themselves where it is not installed.
public enum Python {
    public static let hasFernet: Bool = (try? run("import cryptography.fernet; print('ok')")) == "ok"
    /// Python's `icalendar`, a real iCalendar parser, to read the calendar feeds back.
    public static let hasICalendar: Bool = (try? run("import icalendar; print('ok')")) == "ok"

    public struct Failure: Error {
        public let status: Int32
    }

    /// Runs a Python one-liner and returns its trimmed standard output.
    public static func run(_ code: String, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
