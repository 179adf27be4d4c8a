import ArgumentParser
import Composition
import Foundation
import Notifier

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
        // The texts, as `serve` loads them: a template that does not parse stops it at start.
        do {
            let templates = try MessageTemplates.load(directory: settings.templatesDirectory)
            print("✓ texts in \(templates.languages.map(\.code).joined(separator: ", ")) (\(settings.templatesDirectory)/<language>/, else built in)")
            if !templates.languages.contains(settings.defaultLanguage) {
                let used = LanguageChoice(defaultLanguage: settings.defaultLanguage, available: templates.languages).nearest(settings.defaultLanguage)
                print("! DEFAULT_LANGUAGE=\(settings.defaultLanguage.code) has no texts: \(used.code) is used instead; "
                      + "add \(settings.templatesDirectory)/\(settings.defaultLanguage.code)/ (README: adding a language)")
            }
        } catch {
            print("✗ templates: \(error)")
            throw ExitCode.failure
        }

        var logger = Console.logger(level: settings.logLevel, format: settings.logFormat)
        logger.logLevel = .critical
        // Channels `serve` keeps live, if it runs on this database; `check` itself writes nothing.
        var channels: [PushChannel] = []
        var databaseProblem: String?
        var databaseState = "answers"
        do {
            let store = try await ServiceStores.openForReading(settings, logger: logger)
            channels = (try? await store.openPushChannels()) ?? []
            if settings.databaseURL != nil, !ServiceStores.isShared(store) {
                databaseState = "answers; it is empty: the first worker to start creates the tables"
            }
            await store.close()
        } catch {
            // SQLite's file may not exist before the first `serve`; PostgreSQL must answer.
            if settings.databaseURL != nil { databaseProblem = "\(error)" }
        }
        let checks = await WhatsAppService.probeOutsideServices(settings: settings, logger: logger, liveChannels: channels,
                                                                limit: Self.probeLimit)
        if let url = settings.databaseURL {
            print(databaseProblem.map { "✗ database: \($0)" } ?? "✓ database PostgreSQL at \(url) \(databaseState)")
        }
        for check in checks {
            print(check.passed ? "✓ \(check.subject)" : "✗ \(check.subject): \(check.problem ?? "")")
        }
        if !checks.allSatisfy(\.passed) || databaseProblem != nil { throw ExitCode.failure }
    }
}
