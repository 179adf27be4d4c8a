import Foundation
import Notifier
import Testing
@testable import PostgresStore

@Suite("DATABASE_URL")
struct PostgresLocationTests {
    @Test func readsTheFormHostingProvidersWrite() throws {
        let location = try PostgresLocation(url: "postgres://app:s%40cret@db.example.internal:6543/gcal?sslmode=require")
        #expect(location.host == "db.example.internal")
        #expect(location.port == 6543)
        #expect(location.username == "app")
        #expect(location.password == "s@cret")
        #expect(location.database == "gcal")
        #expect(location.tls == .require)
    }

    @Test func defaultsToPort5432AndPreferredTLS() throws {
        let location = try PostgresLocation(url: "postgresql://app@localhost/gcal")
        #expect(location.port == 5432)
        #expect(location.tls == .prefer)
        #expect(location.password == nil)
    }

    @Test func neverShowsThePassword() throws {
        let location = try PostgresLocation(url: "postgres://app:hunter2@db:5432/gcal")
        #expect(!location.description.contains("hunter2"))
        #expect(location.description == "postgres://app@db:5432/gcal?sslmode=prefer")
    }

    @Test func namesEveryMistakeAtOnce() {
        #expect(throws: PostgresLocationError(problems: [
            "it starts with mysql:// where postgres:// is expected",
            "it names no user (postgres://USER:PASSWORD@…)",
            "it names no database (…/DATABASE at its end)",
            "sslmode=always is not one of disable, prefer, require, verify-full",
            "?pool= is not understood (only sslmode is)",
        ])) {
            try PostgresLocation(url: "mysql://db:5432?sslmode=always&pool=5")
        }
        #expect(throws: PostgresLocationError.self) { try PostgresLocation(url: "not a url at all") }
        #expect(throws: PostgresLocationError.self) { try PostgresLocation(url: "postgres://app@:5432/gcal") }
    }
}

@Suite("DATABASE_URL against a server", .enabled(if: TestPostgres.isAvailable, TestPostgres.skipReason))
struct PostgresLocationServerTests {
    /// The test cluster has no certificate: `prefer` falls back to plain text, `require` refuses,
    /// a wrong password is refused, and none of it crashes or hangs.
    @Test func sslModesAndPasswordsMeanWhatLibpqMeans() async throws {
        var location = try PostgresLocation(url: try #require(TestPostgres.url))
        location.tls = .prefer
        let preferred = try await PostgresAppDatabase.open(location, maximumConnections: 2, logger: TestPostgres.logger)
        #expect(await preferred.isHealthy())
        await preferred.close()
        location.tls = .require
        await #expect(throws: (any Error).self) {
            let database = try await PostgresAppDatabase.open(location, maximumConnections: 2, logger: TestPostgres.logger)
            await database.close()
        }
        location.tls = .disable
        location.password = "not-the-password"
        await #expect(throws: (any Error).self) {
            let database = try await PostgresAppDatabase.open(location, maximumConnections: 2, logger: TestPostgres.logger)
            await database.close()
        }
    }
}

@Suite("Times read back from PostgreSQL")
struct PostgresTimestampTests {
    @Test func readsEveryFormRowToJSONWrites() throws {
        let base = try Date("2026-12-07T03:50:00Z", strategy: .iso8601)
        #expect(PostgresRecords.timestamp("2026-12-07T03:50:00+00:00") == base)
        #expect(PostgresRecords.timestamp("2026-12-07T03:50:00.5+00:00") == base + 0.5)
        #expect(PostgresRecords.timestamp("2026-12-07T04:50:00.25+01:00") == base + 0.25)
        #expect(PostgresRecords.timestamp("2026-12-06T22:50:00-05") == base)
        #expect(PostgresRecords.timestamp("2026-12-07T04:09:32+00:19:32") == base)
        for unreadable in ["0044-03-15T00:00:00+00:00 BC", "infinity", "-infinity", "10000-01-01T00:00:00+00:00", ""] {
            #expect(PostgresRecords.timestamp(unreadable) == nil, "\(unreadable)")
        }
    }

    @Test func writesWhatItReads() throws {
        let date = Date(timeIntervalSince1970: 1_796_615_400.123456)
        let text = PostgresRecords.timestampText(date)
        #expect(text == "2026-12-07T03:50:00.123456Z")
        #expect(abs(try #require(PostgresRecords.timestamp(text.dropLast() + "+00:00")).timeIntervalSince(date)) < 0.000_001)
    }
}
