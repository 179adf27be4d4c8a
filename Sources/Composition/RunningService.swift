import AsyncHTTPClient
public import Foundation
public import Hummingbird
public import Logging
public import Notifier
public import Prometheus
import ServiceLifecycle
public import UnixSignals
import WebApp

/// A service started by the composition root, with what it owns while it runs: the database lock
/// (one sending process per database), its HTTP client pool sized from `SEND_CONCURRENCY`, and the
/// metrics registry `/metrics` shows. `serve`, the sandbox, the tests and the benchmarks all start
/// the service this way and stop it with `stop()`, so none of them builds these on its own.
public final class RunningService: Sendable {
    public let service: WhatsAppService
    /// The port the HTTP side bound (the one asked for, or the one the OS picked for port 0).
    public let port: Int
    let group: ServiceGroup
    let running: Task<Void, any Error>
    let resources: ServiceResources

    init(service: WhatsAppService, port: Int, group: ServiceGroup, running: Task<Void, any Error>, resources: ServiceResources) {
        self.service = service
        self.port = port
        self.group = group
        self.running = running
        self.resources = resources
    }

    /// Stops gracefully, as SIGTERM does, and gives back the lock and the connections.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await running.result
        await resources.release()
    }

    /// Runs until a signal stops the service, then gives back what it owns.
    public func waitUntilStopped() async throws {
        let result = await running.result
        await resources.release()
        try result.get()
    }
}

extension WhatsAppService {
    /// Takes the lock and the client pool, builds the service, starts its HTTP side and loops, and
    /// returns once the server listens. A failure on the way (the lock held, the port taken, a bad
    /// template) is thrown with everything taken given back.
    public static func start(
        settings: Settings, logger: Logger, tuning: Tuning = .standard, now: @escaping @Sendable () -> Date = Date.init,
        signals: [UnixSignal] = [], registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        additionalRoutes: @escaping @Sendable (Router<ServiceRequestContext>) -> Void = { _ in }
    ) async throws -> RunningService {
        // Every language's templates are parsed while the store opens (and, new, is migrated):
        // each took tens of milliseconds of start-up, one after the other. A problem with the
        // store is still the one said first.
        let templates = Task.detached { try MessageTemplates.load(directory: settings.templatesDirectory) }
        let resources = try await ServiceResources.take(for: settings, logger: logger)
        do {
            let calendars = ServiceCalendars.connect(settings, httpClient: resources.httpClient, retry: tuning.googleRetry, logger: logger)
            let service = try WhatsAppService(settings: settings, store: resources.store, cluster: resources.cluster,
                                              httpClient: resources.httpClient, calendars: calendars, logger: logger, tuning: tuning, now: now,
                                              templates: try await templates.value)
            let (ports, serving) = AsyncStream.makeStream(of: Int.self)
            let group = try service.serviceGroup(signals: signals, registry: registry, additionalRoutes: additionalRoutes) { port in
                serving.yield(port)
                serving.finish()
            }
            let running = Task {
                // A group that ends before it listens (the port taken) ends the wait below too.
                defer { serving.finish() }
                try await group.run()
            }
            var bound: Int?
            for await port in ports { bound = port }
            guard let port = bound else {
                try await running.value
                throw ServiceStartError.stoppedBeforeListening
            }
            return RunningService(service: service, port: port, group: group, running: running, resources: resources)
        } catch {
            await resources.release()
            throw error
        }
    }

    /// One round of watching, sending and writing back (`gcal-whatsapp sync`), holding the lock
    /// and the client pool for as long as it runs.
    public static func runOnePass(settings: Settings, logger: Logger, tuning: Tuning = .standard) async throws -> OnePass.Report {
        let resources = try await ServiceResources.take(for: settings, logger: logger)
        do {
            let calendars = ServiceCalendars.connect(settings, httpClient: resources.httpClient, retry: tuning.googleRetry, logger: logger)
            let report = try await WhatsAppService(settings: settings, store: resources.store, cluster: resources.cluster,
                                                   httpClient: resources.httpClient, calendars: calendars, logger: logger,
                                                   tuning: tuning).runOnePass()
            await resources.release()
            return report
        } catch {
            await resources.release()
            throw error
        }
    }
}

public enum ServiceStartError: Error, CustomStringConvertible {
    case stoppedBeforeListening

    public var description: String { "the service stopped before its HTTP server listened" }
}

/// The store, its lock and the client pool a running service holds; released once, when it stops.
/// SQLite's file is one process's (the lock); PostgreSQL is shared by any number of workers.
struct ServiceResources: Sendable {
    let lock: DatabaseLock?
    let store: any ServiceStore
    let cluster: ServiceCluster
    let httpClient: HTTPClient

    static func take(for settings: Settings, logger: Logger) async throws -> ServiceResources {
        let lock = settings.databaseURL == nil ? try DatabaseLock.acquire(databasePath: settings.databasePath) : nil
        do {
            let store = try await ServiceStores.open(settings, logger: logger)
            return ServiceResources(lock: lock, store: store, cluster: .joining(store, logger: logger), httpClient: .forService(settings))
        } catch {
            lock?.release()
            throw error
        }
    }

    func release() async {
        try? await httpClient.shutdown()
        await cluster.close()
        await store.close()
        lock?.release()
    }
}
