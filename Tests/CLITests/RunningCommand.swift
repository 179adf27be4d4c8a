import Foundation
import TestSupport

/// A long-running command (`serve`) started in its own process; the test signals it and waits.
final class RunningCommand: Sendable {
    let process: Process
    let errorPath: String
    let outputPath: String
    private let exits: AsyncStream<Void>

    /// Starts `gcal-whatsapp arguments`; with `openFilesLimit`, under that `ulimit -n`.
    init(_ arguments: [String], environment: [String: String], in directory: TemporaryDirectory, openFilesLimit: Int? = nil) throws {
        errorPath = directory.path("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        outputPath = directory.path("stdout-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let (exits, exited) = AsyncStream.makeStream(of: Void.self)
        self.exits = exits
        process = Process()
        if let openFilesLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(openFilesLimit) && exec \"$0\" \"$@\"", CLI.executable.path] + arguments
        } else {
            process.executableURL = CLI.executable
            process.arguments = arguments
        }
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
