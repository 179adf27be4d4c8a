import Foundation

/// Which store the end-to-end tests run on (DESIGN.md §27): SQLite by default; PostgreSQL when
/// `TEST_STORE=postgres` and `TEST_DATABASE_URL` names a server (the throwaway cluster
/// `scripts/postgres/cluster.sh` starts; `.ci/run` runs the suite once on each store). Each
/// service world gets a database of its own on that server, dropped after.
public enum TestStore {
    public static let server: String? = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["TEST_STORE"] == "postgres", let url = environment["TEST_DATABASE_URL"], !url.isEmpty else { return nil }
        return url
    }()

    public static var isPostgres: Bool { server != nil }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A new, empty database on the test server and its URL; nil on SQLite. `forcing`: on the
    /// server `TEST_DATABASE_URL` names even without `TEST_STORE=postgres` (benchmarks that need one).
    public static func createDatabase(forcing: Bool = false) throws -> (name: String, url: String)? {
        let environment = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard let server = forcing ? environment : server, var components = URLComponents(string: server) else { return nil }
        let name = "world_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        try psql(server, "CREATE DATABASE \(name)")
        components.path = "/\(name)"
        components.queryItems = [URLQueryItem(name: "sslmode", value: "disable")]
        return (name, components.string ?? server)
    }

    public static func dropDatabase(_ name: String) {
        guard let server = server ?? ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] else { return }
        try? psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs one statement with Debian's `psql` (the tests' helpers need no PostgreSQL client library).
    private static func psql(_ url: String, _ statement: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--dbname", url, "--command", statement]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "psql \(statement): " + String(decoding: message, as: UTF8.self))
        }
    }
}
