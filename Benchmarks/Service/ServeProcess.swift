import AsyncHTTPClient
import Foundation

/// `gcal-whatsapp serve` from the same (release) build, in its own process, as an operator runs it.
final class ServeProcess: Sendable {
    let process: Process
    let port: Int
    let launched: ContinuousClock.Instant

    /// The repository, where `templates/` is; the service runs from there.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init(environment: [String: String], port: Int) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("gcal-whatsapp")
        process = Process()
        process.executableURL = binary
        process.arguments = ["serve"]
        process.environment = environment
        process.currentDirectoryURL = Self.repository
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        self.port = port
        launched = .now
        try process.run()
    }

    /// Waits until `/healthz` answers `200` and returns how long that took from launch.
    func waitUntilServing() async throws -> Duration {
        while true {
            if let answer = try? await HTTPClient.shared.get(url: "http://127.0.0.1:\(port)/healthz").get(), answer.status == .ok {
                return .now - launched
            }
            guard process.isRunning else { throw BenchmarkError("serve exited with status \(process.terminationStatus)") }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Resident memory in megabytes, from `/proc`.
    var residentMegabytes: Double {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1_024
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Polls `condition` every few milliseconds until it holds; fails after `limit`.
func waitFor(_ what: String, within limit: Duration = .seconds(600), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    throw BenchmarkError("gave up waiting: \(what)")
}
