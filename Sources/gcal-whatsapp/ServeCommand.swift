import ArgumentParser
import Composition
import Notifier

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Watch the calendars, send WhatsApp messages and serve links and webhooks until stopped.",
        discussion: """
            Runs until SIGTERM or SIGINT, then stops gracefully: messages already handed to \
            Twilio finish, no new one starts, open requests are answered.
            """
    )

    func run() async throws {
        let settings = try Console.configuration { () throws(ConfigurationError) in
            try Settings(source: .processDefault())
        }
        let logger = Console.logger(level: settings.logLevel, format: settings.logFormat)
        let registry = ServiceMetrics.bootstrap()
        let running: RunningService
        do {
            running = try await WhatsAppService.start(settings: settings, logger: logger, signals: [.sigterm, .sigint], registry: registry)
        } catch {
            Console.error("cannot start: \(error)")
            throw ExitCode.failure
        }
        logger.info("gcal-whatsapp is serving", metadata: ["address": "\(settings.http.host):\(running.port)"])
        try await running.waitUntilStopped()
    }
}
