import Testing
@testable import Notifier

/// `DATABASE_URL` (DESIGN.md §27) while the PostgreSQL store is not finished: refused with the
/// reason, never ignored (several workers each on their own SQLite would send every message twice).
struct DatabaseURLSettingTests {
    @Test func aDatabaseURLStopsTheServiceWithTheReason() {
        var environment = validEnvironment()
        environment["DATABASE_URL"] = "postgres://app:secret@db:5432/gcal"
        let problem = MetaSettingsTests.problem(environment)
        #expect(problem.contains("DATABASE_URL"))
        #expect(problem.contains("remove DATABASE_URL to use SQLite at DATABASE_PATH"))
        #expect(!problem.contains("secret"))
        // Commands that only read the database say the same.
        #expect(throws: ConfigurationError.self) {
            try Settings.databasePath(source: ConfigurationSource(environment: environment))
        }
        // It is a setting (being refused), not a misspelling of DATABASE_PATH.
        #expect(SettingNames.unknown(environment: environment, dotEnv: [:], dotEnvPath: ".env").isEmpty)
    }

    @Test func checkSaysWhichStoreIsUsed() throws {
        let settings = try Settings(source: ConfigurationSource(environment: validEnvironment()))
        #expect(settings.summary.contains { $0.hasPrefix("database:         SQLite at ") && $0.contains("PostgreSQL for several workers is not finished") })
    }
}
