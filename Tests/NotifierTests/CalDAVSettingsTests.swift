import Foundation
import TestSupport
import Testing
@testable import Notifier

/// `CALDAV_*` (DESIGN.md §23): Google is optional with CalDAV, and a password never rides in the URL.
struct CalDAVSettingsTests {
    static func caldav(_ extra: [String: String]) -> [String: String] {
        var environment = validEnvironment()
        environment["GOOGLE_CALENDAR_ID"] = nil
        environment["GOOGLE_SERVICE_ACCOUNT_FILE"] = nil
        environment.merge(["CALDAV_URL": "https://caldav.fastmail.com", "CALDAV_USERNAME": "host@example.com",
                           "CALDAV_PASSWORD": "app-password-1234"]) { $1 }
        environment.merge(extra) { $1 }
        return environment
    }

    @Test func aCalDAVAccountAloneIsEnough() throws {
        let settings = try Settings(source: ConfigurationSource(environment: Self.caldav([:])))
        #expect(settings.calendarIDs.isEmpty && settings.serviceAccount == nil)
        #expect(settings.calDAV?.username == "host@example.com")
        #expect(!settings.summary.joined().contains("app-password-1234"))
    }

    @Test func googleSettingsWithoutAGoogleCalendarAreNamedAsIgnored() throws {
        let settings = try Settings(source: ConfigurationSource(environment: Self.caldav(["GOOGLE_PUSH": "on"])))
        #expect(settings.ignoredSettings.contains { $0.hasPrefix("GOOGLE_PUSH") })
        #expect(settings.summary.contains { $0.hasPrefix("Google push:") && $0.contains("no Google calendar") })
    }

    @Test func aPasswordInTheURLIsRefusedAndNotRepeated() {
        do {
            _ = try Settings(source: ConfigurationSource(environment: Self.caldav(["CALDAV_URL": "https://host:SecretPw99@caldav.example.com/"])))
            Issue.record("a password in CALDAV_URL was accepted")
        } catch {
            #expect(error.description.contains("CALDAV_URL") && !error.description.contains("SecretPw99"))
        }
    }

    @Test func withoutCalDAVGoogleIsRequiredAsBefore() {
        var environment = validEnvironment()
        environment["GOOGLE_CALENDAR_ID"] = nil
        #expect(throws: ConfigurationError.self) { try Settings(source: ConfigurationSource(environment: environment)) }
    }
}
