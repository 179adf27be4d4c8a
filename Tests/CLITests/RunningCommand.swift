import Foundation
import TestSupport

/// A long-running command (`serve`) started in its own process; the test signals it and waits.
final class RunningCommand: Sendable {
    let process: Process
    let errorPath: String
    let outputPath: String
    private let exits: AsyncStream<Void>

    init(_ arguments: [String], environment: [String: String], in directory: TemporaryDirectory) throws {
        errorPath = directory.path("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        outputPath = directory.path("stdout-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let (exits, exited) = AsyncStream.makeStream(of: Void.self)
        self.exits = exits
        process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory.url
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        process.terminationHandler = { _ in exited.finish() }
        try process.run()
    }

    /// What the command has printed so far.
    var output: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// What the command has logged so far.
    var log: String {
        (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    }

    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end and returns its exit status.
    func exitStatus() async -> Int32 {
        for await _ in exits {}
        return process.terminationStatus
    }

    /// The port `serve` logged that it listens on.
    func servingPort() async throws -> Int {
        try await eventually("serve logs its address") {
            log.firstMatch(of: #/address=127\.0\.0\.1:(\d+)/#).flatMap { Int($0.1) }
        }
    }
}

/// Polls `condition` until it gives a value; fails after a minute (a hang, not a slow machine).
@discardableResult
func eventually<Value>(_ what: String, _ condition: () async throws -> Value?) async throws -> Value {
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
        if let value = try await condition() { return value }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw WaitTimedOut(what: what)
}

struct WaitTimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "gave up waiting: \(what)" }
}
