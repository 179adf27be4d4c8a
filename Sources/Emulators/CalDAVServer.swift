import AsyncHTTPClient
public import Foundation
import Glibc

/// A real CalDAV server on a loopback port, with a throwaway folder and user, started from Python
/// (`pip install radicale xandikos`, which `.ci/run` does) and stopped when the value is released
/// (or the process that started it ends). The CalDAV tests and benchmark use it; tests skip
/// themselves, saying so, where the server is not installed.
public final class CalDAVServer: Sendable {
    public enum Kind: String, CaseIterable, Sendable, CustomStringConvertible {
        case radicale, xandikos

        public var description: String { rawValue }

        public var isInstalled: Bool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", "import \(rawValue)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return false }
            process.waitUntilExit()
            return process.terminationStatus == 0
        }
    }

    public let kind: Kind
    public let port: Int
    let process: Process
    let folder: URL
    /// A folder given by the caller outlives the server (the sandbox's `--data`).
    let keepsFolder: Bool
    public static let user = "host"
    public static let password = "app-password-for-tests"

    /// The server's root, as a host would give it in `CALDAV_URL`.
    public var root: URL { URL(string: "http://127.0.0.1:\(port)/")! }

    /// Radicale checks the password (plain htpasswd, so that a wrong one is refused); Xandikos has
    /// no authentication of its own and takes any.
    /// `port`: one from `freePort()` taken earlier (a test of a server that comes up late); by
    /// default a new one.
    public init(_ kind: Kind, port chosen: Int? = nil, folder kept: URL? = nil) async throws {
        self.kind = kind
        keepsFolder = kept != nil
        folder = kept ?? FileManager.default.temporaryDirectory.appendingPathComponent("caldav-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        port = try chosen ?? Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        switch kind {
        case .radicale:
            try "\(Self.user):\(Self.password)\n".write(toFile: folder.appendingPathComponent("users").path, atomically: true, encoding: .utf8)
            process.arguments = ["python3", "-c", Self.orphanGuard, "radicale", "--storage-filesystem-folder", folder.appendingPathComponent("data").path,
                                 "--server-hosts", "127.0.0.1:\(port)", "--auth-type", "htpasswd",
                                 "--auth-htpasswd-filename", folder.appendingPathComponent("users").path, "--auth-htpasswd-encryption", "plain"]
        case .xandikos:
            process.arguments = ["python3", "-c", Self.orphanGuard, "xandikos.web", "--port", String(port), "-l", "127.0.0.1",
                                 "-d", folder.appendingPathComponent("data").path, "--defaults", "--current-user-principal", "/\(Self.user)/",
                                 "--no-detect-systemd"]
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            var request = HTTPClientRequest(url: root.absoluteString)
            request.method = .OPTIONS
            if (try? await HTTPClient.shared.execute(request, timeout: .seconds(2))) != nil { break }
            guard process.isRunning, ContinuousClock.now < deadline else {
                throw ServerFailure(description: "\(kind) did not start listening on 127.0.0.1:\(port)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A new, empty event calendar named `name`: created with `MKCOL` on Radicale; Xandikos's
    /// default calendar on Xandikos (it makes one at start).
    public func makeCalendar(_ name: String) async throws -> URL {
        try await makeCalendar(name, path: UUID().uuidString.lowercased()).url
    }

    /// The calendar at `path` (Radicale), made unless it is there already (`isNew` says which).
    public func makeCalendar(_ name: String, path: String) async throws -> (url: URL, isNew: Bool) {
        switch kind {
        case .xandikos:
            return (root.appendingPathComponent("\(Self.user)/calendars/calendar/"), false)
        case .radicale:
            let url = root.appendingPathComponent("\(Self.user)/\(path)/")
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .init(rawValue: "MKCOL")
            request.headers.add(name: "Authorization", value: "Basic " + Data("\(Self.user):\(Self.password)".utf8).base64EncodedString())
            request.headers.add(name: "Content-Type", value: "application/xml")
            request.body = .bytes(Array("""
                <?xml version="1.0"?><d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>\
                <d:resourcetype><d:collection/><c:calendar/></d:resourcetype><d:displayname>\(name)</d:displayname>\
                </d:prop></d:set></d:mkcol>
                """.utf8))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            // 405: the collection is there already (a kept folder).
            guard response.status.code == 201 || response.status.code == 405 else { throw ServerFailure(description: "MKCOL answered \(response.status.code)") }
            return (url, response.status.code == 201)
        }
    }

    public struct ServerFailure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A free loopback port below the range the OS hands out for port 0. Radicale cannot listen on
    /// port 0 (and Xandikos does not say which port it got), so the port is chosen here; taken from
    /// outside the ephemeral range, it can never be the one another test was just given for port 0
    /// and is about to bind (the servers take a second to start).
    public static func freePort() throws -> Int {
        let range = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))?
            .split(whereSeparator: \.isWhitespace).compactMap { Int($0) } ?? []
        let below = max(2_000, min(range.first ?? 32_768, 32_768))
        for _ in 0..<200 {
            let port = Int.random(in: 1_500..<below)
            if LoopbackPort.isFree(port) { return port }
        }
        return try LoopbackPort.free()
    }

    /// Runs the module named first like `python3 -m`, and ends it when this test process ends,
    /// however it ends (a killed test run must not leave servers behind).
    static let orphanGuard = """
        import os, runpy, sys, threading, time
        parent = os.getppid()
        def watch():
            while os.getppid() == parent:
                time.sleep(0.2)
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
        module = sys.argv[1]
        sys.argv = [module] + sys.argv[2:]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        """

    deinit {
        // SIGKILL, and no wait: Radicale's server lets SIGTERM wait for its threads, and
        // Foundation's waitUntilExit can block a test's executor for good.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        if !keepsFolder { try? FileManager.default.removeItem(at: folder) }
    }
}
