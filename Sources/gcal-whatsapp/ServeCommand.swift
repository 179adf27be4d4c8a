import ArgumentParser
import AsyncHTTPClient
import Composition
import Metrics
import Notifier
import Prometheus
import ServiceLifecycle

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
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let lock = try Console.startUp { try DatabaseLock.acquire(databasePath: settings.databasePath) }
        defer { withExtendedLifetime(lock) {} }
        let httpClient = HTTPClient.forService(settings)
        do {
            let service = try Console.startUp { try WhatsAppService(settings: settings, httpClient: httpClient, logger: logger) }
            let group = try Console.startUp {
                try service.serviceGroup(registry: registry, onServerRunning: { port in
                    logger.info("gcal-whatsapp is serving", metadata: ["address": "\(settings.http.host):\(port)"])
                })
            }
            try await group.run()
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
    }
}
