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
        var factory = PrometheusMetricsFactory(registry: registry)
        // Hummingbird names its request metrics the OpenTelemetry way (`http.server.request.duration`);
        // Prometheus names may not hold dots, and one bad name fails the whole scrape.
        factory.nameAndLabelSanitizer = { label, dimensions in
            (label.replacingOccurrences(of: ".", with: "_"), dimensions.map { ($0.0.replacingOccurrences(of: ".", with: "_"), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
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
