import AsyncHTTPClient
import ClientSupport
import ArgumentParser
import Foundation
import GoogleCalendar
import Notifier
import Twilio

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration, then reach Google and Twilio with it.",
        discussion: """
            Reads the environment and ./.env (and says which .env it read). Exits 2 with one message \
            naming every problem when a setting is invalid; otherwise names the given names that are \
            not settings, then reports each outside service with ✓/✗ (each probe at most 10 s) and \
            exits 0 when all are reachable, 1 when one is not. Secrets are never printed.
            """
    )

    /// How long one outside probe may take before it is reported as unreachable.
    static let probeLimit: Duration = .seconds(10)

    func run() async throws {
        // Where the settings come from, and names that are not settings, first: a misspelled key
        // is most often why a setting is "required but not set".
        let dotEnvPath = FileManager.default.currentDirectoryPath + "/.env"
        let dotEnv = (try? EnvironmentFile.load(path: dotEnvPath)) ?? [:]
        print(FileManager.default.fileExists(atPath: dotEnvPath)
              ? "read: the environment, then \(dotEnvPath) (the environment wins)"
              : "read: the environment only (no .env in \(FileManager.default.currentDirectoryPath))")
        for unknown in SettingNames.unknown(environment: ProcessInfo.processInfo.environment, dotEnv: dotEnv, dotEnvPath: dotEnvPath) {
            let hint = unknown.closest.map { "; did you mean \($0)?" } ?? ""
            print("! \(unknown.name) in \(unknown.source) is not a setting and is ignored\(hint)")
        }
        let settings = try Console.configuration { () throws(ConfigurationError) in
            try Settings(source: .processDefault())
        }
        print("✓ configuration is valid")
        for line in settings.summary { print("  \(line)") }

        var logger = Console.logger(level: settings.logLevel, format: settings.logFormat)
        logger.logLevel = .critical
        let once = CallRetryPolicy(attempts: 1, baseDelay: .milliseconds(200), maxDelay: .seconds(1))
        // A refused connection is reported at once, not retried until the request's deadline.
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(Self.probeLimit.components.seconds)))
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let google = GoogleCalendarClient(settings: settings, httpClient: client, retry: once, requestTimeout: Self.probeLimit, logger: logger)
        let twilio = TwilioClient(
            accountSID: settings.twilio.accountSID, authToken: settings.twilio.authToken.value, baseURL: settings.twilio.apiURL,
            httpClient: client, retry: once, requestTimeout: Self.probeLimit, logger: logger)
        // Channels `serve` keeps live, if it runs on this database; `check` itself writes nothing.
        let channels = (try? await AppDatabase.openReadOnly(path: settings.databasePath).openPushChannels()) ?? []
        let calendars = settings.calendarIDs
        let sender = settings.twilio.whatsAppFrom
        let checks = await Self.probe("Google", at: google.baseURL) { await google.reachability(calendarIDs: calendars) }
            + Self.probe("Twilio", at: twilio.baseURL) { await twilio.reachability(sender: sender) }
            + Self.probe("Google", at: google.baseURL) { await google.pushReachability(settings: settings, liveChannels: channels) }
        try? await client.shutdown()
        for check in checks {
            print(check.passed ? "✓ \(check.subject)" : "✗ \(check.subject): \(check.problem ?? "")")
        }
        if !checks.allSatisfy(\.passed) { throw ExitCode.failure }
    }

    /// Runs one outside probe for at most `probeLimit`; one that takes longer is cut off and
    /// reported as unreachable, so a firewall that drops packets costs seconds, not minutes.
    static func probe(_ service: String, at url: URL, _ body: @escaping @Sendable () async -> [ReachabilityCheck]) async -> [ReachabilityCheck] {
        await withTaskGroup(of: [ReachabilityCheck]?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try? await Task.sleep(for: probeLimit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? [ReachabilityCheck(
                service, problem: "cannot reach \(service) at \(url.absoluteString): no answer within \(probeLimit.components.seconds) s")]
        }
    }
}
