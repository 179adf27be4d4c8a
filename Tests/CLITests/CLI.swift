import Foundation
import TestSupport

/// Runs the built `gcal-whatsapp` binary as an operator would: its own process, a chosen
/// environment, and a fresh working directory (so no stray `.env` is read).
struct CLI {
    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    static let executable: URL = {
        // The test runner sits next to the products of the same build.
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("gcal-whatsapp")
    }()

    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// Runs the binary to completion. Waiting is asynchronous: blocking a thread of the shared pool
    /// would starve the in-process emulators the binary is talking to.
    func run(_ arguments: [String], environment: [String: String] = [:], dotEnv: String? = nil) async throws -> Result {
        if let dotEnv {
            try dotEnv.write(toFile: directory.path(".env"), atomically: true, encoding: .utf8)
        }
        let outputPath = directory.path("stdout-\(UUID().uuidString)")
        let errorPath = directory.path("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory.url
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        let (exits, exited) = AsyncStream.makeStream(of: Void.self)
        process.terminationHandler = { _ in exited.finish() }
        try process.run()
        for await _ in exits {}
        return Result(
            status: process.terminationStatus,
            output: try String(contentsOfFile: outputPath, encoding: .utf8),
            error: try String(contentsOfFile: errorPath, encoding: .utf8))
    }
}
