import Foundation
import Logging
import PostgresNIO
import Notifier
import Testing
@testable import PostgresStore

/// The PostgreSQL half of the tests runs against the throwaway cluster `.ci/run` starts
/// (`scripts/postgres/cluster.sh start DIR` prints its URL into `TEST_DATABASE_URL`). Without
/// one, those tests are skipped, saying so. Each test gets a database of its own, dropped after.
enum TestPostgres {
    static let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let isAvailable = url != nil
    static let skipReason: Comment = "PostgreSQL half skipped: no TEST_DATABASE_URL (scripts/postgres/cluster.sh start DIR prints one; .ci/run does it)"

    static let logger: Logger = {
        var logger = Logger(label: "test-postgres")
        logger.logLevel = ProcessInfo.processInfo.environment["TEST_POSTGRES_TRACE"] == nil ? .warning : .trace
        return logger
    }()

    /// Runs `body` with the location of a new, empty database on the test cluster.
    static func withDatabase<Result>(_ body: (PostgresLocation) async throws -> Result) async throws -> Result {
        let server = try PostgresLocation(url: try #require(url))
        let name = "test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        try await admin(server) { try await $0.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger) }
        var location = server
        location.database = name
        do {
            let result = try await body(location)
            try await drop(name, on: server)
            return result
        } catch {
            try? await drop(name, on: server)
            throw error
        }
    }

    /// Runs `body` on a connection of the cluster's own (not a worker's), to look or to interfere.
    @discardableResult
    static func admin<Result>(_ location: PostgresLocation, _ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        let connection = try await PostgresConnection.connect(
            configuration: try location.connectionConfiguration(worker: "test-admin"), id: 0, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private static func drop(_ name: String, on server: PostgresLocation) async throws {
        try await admin(server) {
            try await $0.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }
}
