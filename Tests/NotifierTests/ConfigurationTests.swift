import Foundation
import Testing
import TestSupport
@testable import Notifier

struct ConfigurationTests {
    func load(_ environment: [String: String], dotEnv: String? = nil) throws(ConfigurationError) -> Settings {
        let directory = try! TemporaryDirectory()
        var path: String?
        if let dotEnv {
            path = directory.path(".env")
            try! dotEnv.write(toFile: path!, atomically: true, encoding: .utf8)
        }
        return try Settings(source: ConfigurationSource(environment: environment, dotEnvPath: path))
    }

    func problems(_ environment: [String: String]) -> [String] {
        do {
            _ = try load(environment)
            return []
        } catch {
            return error.problems.map(\.setting)
        }
    }

    @Test func anEmptyEnvironmentNamesEveryRequiredSetting() {
        #expect(problems([:]) == [
            "GOOGLE_CALENDAR_ID", "GOOGLE_SERVICE_ACCOUNT_FILE", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
            "TWILIO_WHATSAPP_FROM", "FERNET_KEY", "PUBLIC_BASE_URL",
        ])
    }

    @Test func validRequiredSettingsGetTheDocumentedDefaults() throws {
        let settings = try load(validEnvironment())
        #expect(settings.calendarIDs == ["host@example.com"])
        #expect(settings.serviceAccount?.clientEmail.hasSuffix(".iam.gserviceaccount.com") == true)
        #expect(settings.http.host == "127.0.0.1" && settings.http.port == 8080)
        #expect(settings.databasePath == "data/gcal-whatsapp.sqlite")
        #expect(settings.pollInterval == .seconds(60))
        #expect(settings.notifyHorizon == nil && settings.reminders.isEmpty && settings.defaultCallingCode == nil)
        #expect(settings.templatesDirectory == "templates")
        #expect(settings.logLevel == .info)
        #expect(settings.googleCalendarAPIURL.absoluteString == "https://www.googleapis.com/calendar/v3")
        #expect(settings.twilio.apiURL.absoluteString == "https://api.twilio.com")
        #expect(settings.calendly.apiURL.absoluteString == "https://api.calendly.com")
        #expect(settings.googlePush, "push defaults to on for an https PUBLIC_BASE_URL")
        #expect(settings.successColorID == "10" && settings.failureColorID == "11")
    }

    @Test func optionalSettingsAreTyped() throws {
        var environment = validEnvironment()
        environment.merge([
            "GOOGLE_CALENDAR_ID": "a@example.com, b@example.com",
            "PUBLIC_BASE_URL": "http://localhost:8080/",
            "DEFAULT_COUNTRY_CODE": "IN",
            "POLL_INTERVAL": "1m30s",
            "NOTIFY_HORIZON": "24h",
            "REMINDERS": "1h,24h",
            "HTTP_PORT": "9000",
            "LOG_LEVEL": "DEBUG",
            "TWILIO_CONTENT_SID_SCHEDULED": "HX" + String(repeating: "a", count: 32),
            "CALENDLY_SCHEDULING_URL": "https://calendly.com/host/session?month=2026-11",
            "SUCCESS_COLOR_ID": "2",
        ]) { $1 }
        let settings = try load(environment)
        #expect(settings.calendarIDs == ["a@example.com", "b@example.com"])
        #expect(settings.publicBaseURL.absoluteString == "http://localhost:8080")
        #expect(!settings.googlePush, "Google cannot push to a plain http address")
        #expect(settings.defaultCallingCode?.digits == "91")
        #expect(settings.pollInterval == .seconds(90))
        #expect(settings.notifyHorizon == .seconds(86_400))
        #expect(settings.reminders == [.seconds(86_400), .seconds(3_600)])
        #expect(settings.http.port == 9000)
        #expect(settings.logLevel == .debug)
        #expect(settings.twilio.contentSIDs.scheduled?.hasPrefix("HX") == true)
        #expect(settings.twilio.contentSIDs.cancelled == nil)
        #expect(settings.calendly.schedulingURL?.host == "calendly.com")
        #expect(settings.successColorID == "2")
    }

    @Test(arguments: [
        ("POLL_INTERVAL", "60"), ("POLL_INTERVAL", "0s"), ("POLL_INTERVAL", "soon"), ("NOTIFY_HORIZON", "1w"),
        ("REMINDERS", "1h,60m"), ("PUBLIC_BASE_URL", "book.example.com"), ("PUBLIC_BASE_URL", "ftp://x"),
        ("PUBLIC_BASE_URL", "https://x.com/?a=b"), ("TWILIO_WHATSAPP_FROM", "4155238886"),
        ("TWILIO_ACCOUNT_SID", "AC123"), ("FERNET_KEY", "not-a-key"), ("DEFAULT_COUNTRY_CODE", "XX"),
        ("HTTP_PORT", "70000"), ("LOG_LEVEL", "loud"), ("GOOGLE_PUSH", "maybe"), ("FAILURE_COLOR_ID", "12"),
        ("TWILIO_MESSAGING_SERVICE_SID", "AC" + String(repeating: "0", count: 32)),
        ("CALENDLY_SCHEDULING_URL", "calendly.com/host"), ("GOOGLE_CALENDAR_API_URL", "nope"),
    ])
    func oneMalformedValueIsNamedAlone(name: String, value: String) {
        var environment = validEnvironment()
        environment[name] = value
        #expect(problems(environment) == [name])
    }

    @Test func everyProblemIsReportedAtOnce() {
        var environment = validEnvironment()
        environment["FERNET_KEY"] = nil
        environment["POLL_INTERVAL"] = "often"
        environment["HTTP_PORT"] = "-1"
        #expect(problems(environment) == ["FERNET_KEY", "HTTP_PORT", "POLL_INTERVAL"])
    }

    @Test func secretsNeverAppearInTheMessage() {
        var environment = validEnvironment()
        environment["FERNET_KEY"] = "s3cr3t-not-a-key"
        environment["GOOGLE_SERVICE_ACCOUNT_FILE"] = nil
        environment["GOOGLE_SERVICE_ACCOUNT_JSON"] = #"{"private_key": "s3cr3t-pem"}"#
        do {
            _ = try load(environment)
            Issue.record("expected a configuration error")
        } catch {
            #expect(!error.description.contains("s3cr3t"))
            #expect(error.problems.map(\.setting) == ["GOOGLE_SERVICE_ACCOUNT_JSON", "FERNET_KEY"])
        }
    }

    @Test func serviceAccountKeyProblemsFailAtStartUp() throws {
        let directory = try TemporaryDirectory()
        var environment = validEnvironment()
        environment["GOOGLE_SERVICE_ACCOUNT_FILE"] = directory.path("missing.json")
        #expect(problems(environment) == ["GOOGLE_SERVICE_ACCOUNT_FILE"])

        var json = try JSONSerialization.jsonObject(with: fixture("service-account.test.json")) as! [String: String]
        json["private_key"] = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
        let broken = directory.path("broken.json")
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: broken))
        environment["GOOGLE_SERVICE_ACCOUNT_FILE"] = broken
        #expect(problems(environment) == ["GOOGLE_SERVICE_ACCOUNT_FILE"])

        environment["GOOGLE_SERVICE_ACCOUNT_JSON"] = "{}"
        #expect(problems(environment) == ["GOOGLE_SERVICE_ACCOUNT_FILE"], "both set is a problem of its own")
    }

    @Test func theKeyCanBeGivenInline() throws {
        var environment = validEnvironment()
        environment["GOOGLE_SERVICE_ACCOUNT_FILE"] = nil
        environment["GOOGLE_SERVICE_ACCOUNT_JSON"] = String(decoding: try fixture("service-account.test.json"), as: UTF8.self)
        #expect(try load(environment).serviceAccount?.tokenURI.absoluteString.hasPrefix("https://") == true)
    }

    @Test func theEnvironmentWinsOverTheDotEnvFile() throws {
        var environment = validEnvironment()
        environment["POLL_INTERVAL"] = "30s"
        environment["TWILIO_AUTH_TOKEN"] = nil
        let settings = try load(environment, dotEnv: """
            # comment
            export POLL_INTERVAL=5m
            TWILIO_AUTH_TOKEN="from the file"
            NOTIFY_HORIZON=2h # two hours
            """)
        #expect(settings.pollInterval == .seconds(30))
        #expect(settings.twilio.authToken.value == "from the file")
        #expect(settings.notifyHorizon == .seconds(7_200))
    }

    @Test(arguments: [(Duration.seconds(90), "1m30s"), (.seconds(86_400), "1d"), (.seconds(5), "5s"), (.seconds(3_600), "1h")])
    func durationsPrintAsTheyAreWritten(duration: Duration, text: String) throws {
        #expect(duration.settingText == text)
        #expect(try SettingParsers.duration(text) == duration)
    }

    @Test func pushNeedsAnHTTPSAddressUnlessGoogleIsOnLoopback() throws {
        var environment = validEnvironment()
        environment["PUBLIC_BASE_URL"] = "http://book.example.com"
        environment["GOOGLE_PUSH"] = "on"
        let plain = try Settings(source: ConfigurationSource(environment: environment))
        #expect(plain.pushProblem?.contains("not https") == true)
        environment["GOOGLE_CALENDAR_API_URL"] = "http://127.0.0.1:8089/calendar/v3"
        #expect(try Settings(source: ConfigurationSource(environment: environment)).pushProblem == nil, "the emulators and the sandbox")
        environment["PUBLIC_BASE_URL"] = "https://book.example.com"
        environment["GOOGLE_CALENDAR_API_URL"] = nil
        let secure = try Settings(source: ConfigurationSource(environment: environment))
        #expect(secure.pushProblem == nil && secure.googlePush)
    }

    @Test func checkSaysWhatTheNewSettingsDoAndWhichAreIgnored() throws {
        var environment = validEnvironment()
        environment["BOOKING_STEP"] = "15m"
        environment["LOG_FORMAT"] = "json"
        environment["BUSINESS_NAME"] = "Northside Physio"
        let without = try load(environment).summary
        #expect(without.contains("ignored:          BOOKING_STEP (no BOOKING_HOURS: no built-in booking pages)"))
        #expect(without.contains("log:              info, one JSON object a line"))
        #expect(without.contains("business:         Northside Physio"))
        #expect(without.contains("host dashboard:   off (set DASHBOARD_PASSWORD to turn it on)"))

        environment["BOOKING_HOURS"] = "Mon-Fri 09:00-17:00"
        environment["CALENDLY_SCHEDULING_URL"] = nil
        environment["DASHBOARD_PASSWORD"] = "long enough secret"
        let with = try load(environment).summary
        #expect(!with.contains { $0.hasPrefix("ignored:") })
        #expect(with.contains("booking pages:    Mon 09:00-17:00, Tue 09:00-17:00, Wed 09:00-17:00, Thu 09:00-17:00, Fri 09:00-17:00, 14 days ahead, notice 2h, every 15m"))
        #expect(with.contains("host dashboard:   on, at /host"))
        #expect(problems(environment.merging(["DASHBOARD_PASSWORD": "short"]) { $1 }) == ["DASHBOARD_PASSWORD"])
        #expect(problems(environment.merging(["BOOKING_HOURS": "weekdays"]) { $1 }) == ["BOOKING_HOURS"])
    }
}

/// `check` names given names that are not settings; its list must be every setting read.
struct SettingNamesTests {
    @Test func theListIsEverySettingTheLoaderReads() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Notifier/Configuration")
        var read = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: sources.path) where file.hasPrefix("Settings") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            read.formUnion(text.matches(of: #/reader\.(?:optional|required|problem)\(\s*"([A-Z][A-Z0-9_]+)"/#).map { String($0.1) })
        }
        #expect(read.isSubset(of: SettingNames.all), "missing from SettingNames.all: \(read.subtracting(SettingNames.all).sorted())")
        #expect(read.count > 30)
    }

    @Test func theClosestSettingIsSuggested() {
        #expect(SettingNames.closest(to: "TWILIO_ACOUNT_SID") == "TWILIO_ACCOUNT_SID")
        #expect(SettingNames.closest(to: "GOOGLE_CALENDER_ID") == "GOOGLE_CALENDAR_ID")
        #expect(SettingNames.closest(to: "SOMETHING_ELSE_ENTIRELY") == nil)
    }
}
