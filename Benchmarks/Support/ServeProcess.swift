import Glibc
public import Foundation

/// `gcal-whatsapp serve` (or another command) from the same (release) build, in its own process,
/// as an operator runs it.
public final class ServeProcess: Sendable {
    public let process: Process
    public let port: Int
    let launched: ContinuousClock.Instant

    /// The repository, where `templates/` is; the service runs from there.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public init(environment: [String: String], port: Int, command: [String] = ["serve"]) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("gcal-whatsapp")
        process = Process()
        process.executableURL = binary
        process.arguments = command
        process.environment = environment
        process.currentDirectoryURL = Self.repository
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        self.port = port
        launched = .now
        try process.run()
    }

    /// Waits until `/healthz` answers `200` and returns how long that took from launch.
    public func waitUntilServing() async throws -> Duration {
        while true {
            if HealthProbe.status(port: port) == 200 { return .now - launched }
            guard process.isRunning else { throw BenchmarkError("serve exited with status \(process.terminationStatus)") }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Resident memory in megabytes, from `/proc`.
    public var residentMegabytes: Double {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1_024
    }

    /// CPU time the process has used so far (user and system), from `/proc`.
    public var cpuSeconds: Double {
        let stat = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)) ?? ""
        // Fields after the command name (which is in parentheses and may hold spaces): utime is
        // the 12th and stime the 13th, in clock ticks.
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    public func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// `kill -9`: no shutdown, no flush, as a power cut or the OOM killer would do it.
    public func kill() {
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits for a command such as `sync` to end and returns its exit status.
    public func waitUntilExit() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }
}

public struct BenchmarkError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Polls `condition` every few milliseconds until it holds; fails after `limit`.
public func waitFor(_ what: String, within limit: Duration = .seconds(600), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(5))
    }
    throw BenchmarkError("gave up waiting: \(what)")
}
