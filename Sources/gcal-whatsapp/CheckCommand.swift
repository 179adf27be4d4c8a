import ClientSupport
import ArgumentParser
import GoogleCalendar
import Notifier
import Twilio

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration, then reach Google and Twilio with it.",
        discussion: """
            Reads the environment and ./.env. Exits 2 with one message naming every problem when \
            a setting is invalid; otherwise reports each outside service with ✓/✗ and exits 0 \
            when all are reachable, 1 when one is not. Secrets are never printed.
            """
    )

    func run() async throws {
        let settings = try Console.configuration { () throws(ConfigurationError) in
            try Settings(source: .processDefault())
        }
        print("✓ configuration is valid")
        for line in settings.summary { print("  \(line)") }

        var logger = Console.logger(level: settings.logLevel, format: settings.logFormat)
        logger.logLevel = .critical
        let retry = CallRetryPolicy(attempts: 2, baseDelay: .milliseconds(200), maxDelay: .seconds(1))
        let google = GoogleCalendarClient(settings: settings, httpClient: .shared, retry: retry, logger: logger)
        let twilio = TwilioClient(
            accountSID: settings.twilio.accountSID, authToken: settings.twilio.authToken.value, baseURL: settings.twilio.apiURL,
            httpClient: .shared, retry: CallRetryPolicy(attempts: 2, baseDelay: .milliseconds(200), maxDelay: .seconds(1)),
            logger: logger)
        // Channels `serve` keeps live, if it runs on this database; `check` itself writes nothing.
        let channels = (try? await AppDatabase.openReadOnly(path: settings.databasePath).openPushChannels()) ?? []
        let checks = await google.reachability(calendarIDs: settings.calendarIDs)
            + twilio.reachability(sender: settings.twilio.whatsAppFrom)
            + google.pushReachability(settings: settings, liveChannels: channels)
        for check in checks {
            print(check.passed ? "✓ \(check.subject)" : "✗ \(check.subject): \(check.problem ?? "")")
        }
        if !checks.allSatisfy(\.passed) { throw ExitCode.failure }
    }
}
