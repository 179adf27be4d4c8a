import ClientSupport
import AsyncHTTPClient
import Emulators
import Foundation
import GRDB
import Testing
import GoogleCalendar
import Logging
import Prometheus
import ServiceLifecycle
import TestSupport
import WebApp
@testable import Notifier

/// The real service wiring (`Notifier` built from settings) against the Google and Twilio
/// emulators over loopback, with a real SQLite file; torn down when `body` returns.
struct ServiceWorld {
    static let calendar = "host@example.com"
    static let attendee = "+919876543210"

    let google: GoogleEmulator
    let twilio: TwilioEmulator
    let calendly: CalendlyEmulator
    let directory: TemporaryDirectory
    let environment: [String: String]
    let notifier: Notifier

    /// Quick retries, so that a deferred message comes due again within the test.
    static let quickRetries = OutboxRetrySchedule(base: .milliseconds(20), cap: .milliseconds(100), maxAttempts: 5)

    /// `lateSettings` adds settings that depend on the emulators' addresses.
    static func run(
        _ settings: [String: String] = [:], lateSettings: (ServiceWorld) -> [String: String] = { _ in [:] },
        _ body: (ServiceWorld) async throws -> Void
    ) async throws {
        let google = try await GoogleEmulator.start(pageSize: 5)
        let twilio = try await TwilioEmulator.start(pageSize: 20)
        await google.addCalendar(calendar, timeZone: "Asia/Kolkata")
        let calendly = try await CalendlyEmulator.start(google: google, calendarID: calendar)
        let directory = try TemporaryDirectory()
        do {
            try await google.makeServiceAccount().json.write(to: directory.url.appendingPathComponent("key.json"))
            var environment = validEnvironment(serviceAccountFile: directory.path("key.json"))
            environment["GOOGLE_CALENDAR_API_URL"] = google.baseURL.absoluteString
            environment["TWILIO_API_URL"] = twilio.baseURL.absoluteString
            environment["TWILIO_ACCOUNT_SID"] = twilio.accountSID
            environment["TWILIO_AUTH_TOKEN"] = twilio.authToken
            environment["TWILIO_WHATSAPP_FROM"] = twilio.whatsAppNumber
            // The service's own loopback address: Twilio's status callbacks and the links come back here.
            let port = try LoopbackPort.free()
            environment["PUBLIC_BASE_URL"] = "http://127.0.0.1:\(port)"
            environment["HTTP_PORT"] = String(port)
            environment["DATABASE_PATH"] = directory.path("service.sqlite")
            environment["DEFAULT_COUNTRY_CODE"] = "IN"
            environment["CALENDLY_SCHEDULING_URL"] = calendly.schedulingURL.absoluteString
            environment["CALENDLY_WEBHOOK_SIGNING_KEY"] = calendly.signingKey
            await calendly.setRedirectURL(URL(string: "http://127.0.0.1:\(port)/confirm"))
            await calendly.setWebhook(url: URL(string: "http://127.0.0.1:\(port)/webhooks/calendly"))
            environment.merge(settings) { $1 }
            var world = try ServiceWorld(google: google, twilio: twilio, calendly: calendly, directory: directory, environment: environment,
                                         notifier: makeNotifier(environment))
            let late = lateSettings(world)
            if !late.isEmpty {
                environment.merge(late) { $1 }
                world = try ServiceWorld(google: google, twilio: twilio, calendly: calendly, directory: directory,
                                         environment: environment, notifier: makeNotifier(environment))
            }
            try await body(world)
        } catch {
            await calendly.stop()
            await twilio.stop()
            await google.stop()
            throw error
        }
        await calendly.stop()
        await twilio.stop()
        await google.stop()
    }

    /// A service built from `environment` exactly as `serve` builds one, with quick retries.
    static func makeNotifier(_ environment: [String: String]) throws -> Notifier {
        let settings = try Settings(source: ConfigurationSource(environment: environment))
        return try Notifier(
            settings: settings, httpClient: .shared, logger: Logger(label: "ServiceWorld"),
            googleRetry: CallRetryPolicy(attempts: 4, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20)),
            twilioRequestTimeout: .seconds(3), retrySchedule: quickRetries)
    }

    /// `PUBLIC_BASE_URL`, where the service's HTTP side listens while `serving` runs.
    var baseURL: URL { URL(string: environment["PUBLIC_BASE_URL"]!)! }

    /// Runs `body` while the service's HTTP application (built as `serve` builds it) listens on
    /// `PUBLIC_BASE_URL`. Passes stay in the test's hands: the watcher and courier loops are not run.
    func serving(_ body: () async throws -> Void) async throws {
        let dependencies = WebAppDependencies(notifier: notifier, registry: PrometheusCollectorRegistry(),
                                              watcherBell: Doorbell(), courierBell: Doorbell())
        let (ports, running) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(dependencies, host: "127.0.0.1", port: baseURL.port!, logger: Logger(label: "WebApp"),
                                       onServerRunning: { port in
            running.yield(port)
            running.finish()
        })
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: Logger(label: "WebApp")))
        let server = Task { try await group.run() }
        for await _ in ports { break }
        do {
            try await body()
        } catch {
            await group.triggerGracefulShutdown()
            _ = await server.result
            throw error
        }
        await group.triggerGracefulShutdown()
        _ = await server.result
    }

    /// One `gcal-whatsapp sync` pass.
    @discardableResult
    func pass() async -> Notifier.PassReport {
        await notifier.runPass()
    }

    /// Passes until no message is waiting for a retry (each retry comes due within milliseconds).
    func passUntilSettled() async throws {
        for _ in 0..<50 {
            await pass()
            if try await notifier.store.nextDueDate() == nil { return }
            try await Task.sleep(for: .milliseconds(30))
        }
        Issue.record("messages still waiting after 50 passes")
    }

    /// Waits until Twilio's status callbacks for every message have been answered and the
    /// calendar shows them (the courier's write-back pass).
    func settleCallbacks() async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            await twilio.callbacksSettled()
            await pass()
            let waiting = try await notifier.store.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE writeback_due") ?? 0
            }
            let posted = twilio.postedCallbacks.count
            await twilio.callbacksSettled()
            if waiting == 0, posted == twilio.postedCallbacks.count { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("status callbacks still arriving after a minute")
    }

    @discardableResult
    func create(_ summary: String = "Coaching", inHours hours: Double = 48, location: String? = "098765 43210",
                description: String? = nil) async throws -> String {
        let start = Date().addingTimeInterval(hours * 3_600)
        return try await google.createEvent(in: Self.calendar, summary: summary, start: start,
                                            end: start.addingTimeInterval(3_600), location: location, description: description)
    }

    func event(_ id: String) async -> EmulatedEvent? {
        await google.event(id, in: Self.calendar)
    }

    func outbox() async throws -> [OutboxMessage] {
        try await notifier.store.writer.read { db in try OutboxMessage.order(Column("id")).fetchAll(db) }
    }
}
