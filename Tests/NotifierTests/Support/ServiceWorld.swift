import AsyncHTTPClient
import ClientSupport
import Composition
import Emulators
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing
@testable import Notifier

/// The real service, built by the composition root from settings and running all its loops and
/// its HTTP side, against the Google, Twilio and Calendly emulators over loopback, with a real
/// SQLite file (or a real PostgreSQL database with `TEST_STORE=postgres`, see `TestStore`). `PUBLIC_BASE_URL` is the service's own address, so Twilio's status callbacks and
/// the links come back to it. Torn down when `body` returns.
struct ServiceWorld {
    static let calendar = "host@example.com"
    static let attendee = "+919876543210"

    let google: GoogleEmulator
    let twilio: TwilioEmulator
    let calendly: CalendlyEmulator
    let directory: TemporaryDirectory
    let environment: [String: String]
    let runner: Runner

    /// The running service (a new one after `restart()`).
    var service: WhatsAppService { runner.current.service }

    /// Quick retries, so that a deferred message comes due again within the test.
    static let quickRetries = OutboxRetrySchedule(base: .milliseconds(20), cap: .milliseconds(100), maxAttempts: 5)

    /// `settings` adds to or overrides the defaults (an empty value removes one); `lateSettings`
    /// adds settings that depend on the emulators' addresses; `tuning` sets retries and time limits.
    static func run(
        _ settings: [String: String] = [:], lateSettings: (CalendlyEmulator) -> [String: String] = { _ in [:] },
        googleSettings: (GoogleEmulator) -> [String: String] = { _ in [:] },
        tuning: WhatsAppService.Tuning = quickTuning, clock: TestClock? = nil,
        beforeStart: (GoogleEmulator) async -> Void = { _ in }, _ body: (ServiceWorld) async throws -> Void
    ) async throws {
        let google = try await GoogleEmulator.start(pageSize: 5)
        let twilio = try await TwilioEmulator.start(pageSize: 20)
        await google.addCalendar(calendar, timeZone: "Asia/Kolkata")
        let calendly = try await CalendlyEmulator.start(google: google, calendarID: calendar)
        let directory = try TemporaryDirectory()
        // On PostgreSQL (`TEST_STORE=postgres`), a database of this world's own.
        let postgres = try TestStore.createDatabase()
        defer { if let postgres { TestStore.dropDatabase(postgres.name) } }
        do {
            try await google.makeServiceAccount().json.write(to: directory.url.appendingPathComponent("key.json"))
            let environment = validEnvironment(serviceAccountFile: directory.path("key.json"))
                .merging(google.settings(calendarID: calendar, serviceAccountFile: directory.path("key.json"))) { $1 }
                .merging(twilio.settings) { $1 }
            var world: ServiceWorld?
            // The port is picked free before the service binds it: a test running beside this one
            // may take it meanwhile (an outgoing connection's own port, say). Then a new one is picked.
            for attempt in 1...3 {
                let port = try LoopbackPort.free()
                var environment = environment
                environment["PUBLIC_BASE_URL"] = "http://127.0.0.1:\(port)"
                environment["HTTP_PORT"] = String(port)
                environment["DATABASE_PATH"] = directory.path("service.sqlite")
                if let postgres { environment["DATABASE_URL"] = postgres.url }
                environment["DEFAULT_COUNTRY_CODE"] = "IN"
                environment["CALENDLY_SCHEDULING_URL"] = calendly.schedulingURL.absoluteString
                environment["CALENDLY_WEBHOOK_SIGNING_KEY"] = calendly.signingKey
                await calendly.setRedirectURL(URL(string: "http://127.0.0.1:\(port)/confirm"))
                await calendly.setWebhook(url: URL(string: "http://127.0.0.1:\(port)/webhooks/calendly"))
                environment.merge(settings) { $1 }
                environment.merge(lateSettings(calendly)) { $1 }
                environment.merge(googleSettings(google)) { $1 }
                environment = environment.filter { !$0.value.isEmpty }
                let settled = environment
                let runner = Runner { try await startService(settled, tuning: tuning, clock: clock) }
                let made = ServiceWorld(google: google, twilio: twilio, calendly: calendly, directory: directory,
                                        environment: environment, runner: runner)
                if attempt == 1 { await beforeStart(google) }
                do {
                    try await runner.start()
                    world = made
                    break
                } catch where attempt < 3 && "\(error)".contains("Address already in use") {
                    continue
                }
            }
            guard let world else { return }
            let runner = world.runner
            try await stopping({ await runner.stop() }) { try await body(world) }
        } catch {
            await stop(google, twilio, calendly)
            throw error
        }
        await stop(google, twilio, calendly)
    }

    private static func stop(_ google: GoogleEmulator, _ twilio: TwilioEmulator, _ calendly: CalendlyEmulator) async {
        await calendly.stop()
        await twilio.stop()
        await google.stop()
    }

    static let quickTuning = WhatsAppService.Tuning(
        googleRetry: .quick,
        twilioRequestTimeout: .seconds(3), retrySchedule: quickRetries)

    /// The service the composition root starts from `environment`, as `serve` starts it.
    static func startService(_ environment: [String: String], tuning: WhatsAppService.Tuning, clock: TestClock?) async throws -> RunningService {
        let settings = try Settings(source: ConfigurationSource(environment: environment))
        let now: @Sendable () -> Date = if let clock { { clock.now } } else { Date.init }
        return try await WhatsAppService.start(settings: settings, logger: Logger(label: "ServiceWorld"), tuning: tuning, now: now)
    }

    /// Stops the service as SIGTERM would and starts a new one on the same database, as an
    /// operator's restart does.
    func restart() async throws {
        await runner.stop()
        try await runner.start()
    }

    /// The service started and stopped gracefully, and started again on `restart()`.
    final class Runner: Sendable {
        private let start: @Sendable () async throws -> RunningService
        private let state = Mutex<RunningService?>(nil)

        init(_ start: @escaping @Sendable () async throws -> RunningService) {
            self.start = start
        }

        var current: RunningService { state.withLock { $0! } }

        func start() async throws {
            let running = try await start()
            state.withLock { $0 = running }
        }

        func stop() async {
            guard let running = state.withLock({ $0 }) else { return }
            await running.stop()
        }
    }

    /// `PUBLIC_BASE_URL`, where the service's HTTP side listens.
    var baseURL: URL { URL(string: environment["PUBLIC_BASE_URL"]!)! }

    /// Asks the watcher to sync now, as a push notification does, and waits for what follows:
    /// messages sent, Twilio's status callbacks answered, the calendar written back.
    func pass() async throws {
        service.bells.watcher.ring()
        try await settle()
    }

    /// Waits until the loops are idle and every status callback Twilio started has been answered
    /// and acted on.
    func settle() async throws {
        while true {
            await service.waitUntilIdle()
            let posted = twilio.postedCallbacks.count
            await twilio.callbacksSettled()
            await service.waitUntilIdle()
            if posted == twilio.postedCallbacks.count { return }
        }
    }

    /// Waits until no message is waiting for a retry (each comes due within milliseconds).
    func settleRetries() async throws {
        try await eventually("no message waits for a retry") {
            try await settle()
            return try await service.store.nextDueDate() == nil ? true : nil
        }
        try await settle()
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
        try await service.store.allOutboxMessages()
    }
}
