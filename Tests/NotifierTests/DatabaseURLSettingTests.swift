import Testing
@testable import Notifier

/// `DATABASE_URL` (DESIGN.md §27): PostgreSQL for several workers instead of SQLite.
struct DatabaseURLSettingTests {
    @Test func aDatabaseURLSelectsPostgreSQLAndCheckSaysSo() throws {
        var environment = validEnvironment()
        environment["DATABASE_URL"] = "postgres://app:s3cret@db.internal:6543/gcal?sslmode=require"
        let settings = try Settings(source: ConfigurationSource(environment: environment))
        #expect(settings.databaseURL?.host == "db.internal")
        #expect(settings.summary.contains("database:         PostgreSQL at postgres://app@db.internal:6543/gcal?sslmode=require (several `serve` workers may share it)"))
        #expect(!settings.summary.joined().contains("s3cret"))
        #expect(try Settings.databaseURL(source: ConfigurationSource(environment: environment))?.database == "gcal")
        // It is a setting, not a misspelling of DATABASE_PATH.
        #expect(SettingNames.unknown(environment: environment, dotEnv: [:], dotEnvPath: ".env").isEmpty)
    }

    @Test func aBadDatabaseURLNamesEveryMistakeAndNeverThePassword() {
        var environment = validEnvironment()
        environment["DATABASE_URL"] = "mysql://app:s3cret@db?sslmode=always"
        let problem = MetaSettingsTests.problem(environment)
        #expect(problem.contains("DATABASE_URL"))
        #expect(problem.contains("mysql://") && problem.contains("names no database") && problem.contains("sslmode=always"))
        #expect(!problem.contains("s3cret"))
        #expect(throws: ConfigurationError.self) { try Settings.databaseURL(source: ConfigurationSource(environment: environment)) }
    }

    @Test func withoutItTheStoreIsSQLite() throws {
        let settings = try Settings(source: ConfigurationSource(environment: validEnvironment()))
        #expect(settings.databaseURL == nil)
        #expect(settings.summary.contains { $0.hasPrefix("database:         SQLite at ") && $0.hasSuffix("(one `serve`)") })
    }
}
