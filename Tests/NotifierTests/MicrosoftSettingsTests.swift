import Foundation
import TestSupport
import Testing
@testable import Notifier

/// `MICROSOFT_*` (DESIGN.md §23): Google is optional with Microsoft mailboxes; what cannot work is
/// refused with the reason; `check`'s summary names every Microsoft setting it reads.
struct MicrosoftSettingsTests {
    static func microsoft(_ extra: [String: String]) -> [String: String] {
        var environment = validEnvironment()
        environment["GOOGLE_CALENDAR_ID"] = nil
        environment["GOOGLE_SERVICE_ACCOUNT_FILE"] = nil
        environment.merge(["MICROSOFT_CLIENT_ID": "5b1c7a52-7c9e-4c3b-8f0e-2d6a9e4b1f30", "MICROSOFT_CLIENT_SECRET": "secret-value-123",
                           "MICROSOFT_TENANT_ID": "8f6c5bd0-4a7e-4b6e-9d3a-1c2b3a4d5e6f", "MICROSOFT_CALENDARS": "Coach@Contoso.com"]) { $1 }
        environment.merge(extra) { $1 }
        return environment
    }

    static func problem(_ extra: [String: String]) -> String {
        do {
            _ = try Settings(source: ConfigurationSource(environment: microsoft(extra)))
            return ""
        } catch {
            return error.description
        }
    }

    @Test func mailboxesAloneAreEnoughAndTheSummaryNamesThemWithoutTheSecret() throws {
        let settings = try Settings(source: ConfigurationSource(environment: Self.microsoft(["PUBLIC_BASE_URL": "https://book.example.com"])))
        #expect(settings.calendarIDs.isEmpty && settings.microsoft?.calendars == ["coach@contoso.com"])
        let summary = settings.summary.joined(separator: "\n")
        #expect(summary.contains("Microsoft 365:    coach@contoso.com (app 5b1c7a52-7c9e-4c3b-8f0e-2d6a9e4b1f30"))
        #expect(summary.contains("Microsoft push:   on") && !summary.contains("secret-value-123"), "\(summary)")
    }

    @Test func pushOverPlainHTTPIsSaidNotToWork() throws {
        let settings = try Settings(source: ConfigurationSource(environment: Self.microsoft(["PUBLIC_BASE_URL": "http://203.0.113.9:8080",
                                                                                             "MICROSOFT_PUSH": "on"])))
        #expect(settings.summary.contains { $0.hasPrefix("Microsoft push:   on, but it cannot work: Microsoft Graph posts notifications only to https") })
    }

    @Test func whatCannotWorkIsRefusedWithTheReason() {
        #expect(Self.problem(["MICROSOFT_TENANT_ID": "common"]).contains("tenant id"))
        #expect(Self.problem(["MICROSOFT_CALENDARS": "coach"]).contains("neither a mailbox address"))
        // Mailboxes need the organisation's tenant; `me` alone (a connected account) does not.
        #expect(Self.problem(["MICROSOFT_TENANT_ID": ""]).contains("MICROSOFT_TENANT_ID is required"))
        #expect(Self.problem(["MICROSOFT_CALENDARS": "me", "MICROSOFT_TENANT_ID": ""]) == "")
        #expect(Self.problem(["MICROSOFT_CLIENT_SECRET": ""]).contains("MICROSOFT_CLIENT_SECRET"))
        let shared = Self.problem(["GOOGLE_CALENDAR_ID": "coach@contoso.com", "GOOGLE_SERVICE_ACCOUNT_FILE": validEnvironment()["GOOGLE_SERVICE_ACCOUNT_FILE"] ?? ""])
        #expect(shared.contains("GOOGLE_CALENDAR_ID names too"), "\(shared)")
        #expect(!Self.problem(["MICROSOFT_CLIENT_SECRET": "", "X": "y"]).contains("secret-value-123"))
    }
}
