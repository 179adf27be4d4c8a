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

    /// Everything the database at `url` holds, as `pg_dump` writes it: for tests that a secret is
    /// never stored in clear.
    public static func dump(_ url: String) throws -> String {
        try run(["pg_dump", "--no-owner", "--dbname", url])
    }

    /// The first column of the first row `query` returns at `url`, as `psql` prints it.
    public static func value(_ url: String, _ query: String) throws -> String {
        try run(["psql", "--no-psqlrc", "--quiet", "--tuples-only", "--no-align", "--set", "ON_ERROR_STOP=1", "--dbname", url, "--command", query])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs one statement with Debian's `psql` (the tests' helpers need no PostgreSQL client library).
    private static func psql(_ url: String, _ statement: String) throws {
        _ = try run(["psql", "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--dbname", url, "--command", statement])
    }

    /// Runs one of PostgreSQL's client programs to its end; its output, or its error as a failure.
    private static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both to their ends before waiting: a full pipe would stall the program.
        let text = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments.dropLast().joined(separator: " ")): " + String(decoding: message, as: UTF8.self))
        }
        return String(decoding: text, as: UTF8.self)
    }
}
