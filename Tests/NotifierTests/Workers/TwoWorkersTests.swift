import Composition
import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// Two workers on one PostgreSQL database (DESIGN.md §27), both the whole service with its loops,
/// against the same emulators: each attendee hears once, whichever worker sends, and a worker
/// stopping leaves its calendar to the other.
@Suite(.serialized, .enabled(if: TestStore.isPostgres, "two workers need PostgreSQL (TEST_STORE=postgres; .ci/run's second pass)"))
struct TwoWorkersTests {
    /// A second worker on the world's database, on a port of its own. The port is picked free
    /// before it is bound: a test running beside this one may take it meanwhile (seen in CI),
    /// and then another is picked, as `ServiceWorld` does.
    static func startSecondWorker(_ environment: [String: String]) async throws -> RunningService {
        var environment = environment
        for attempt in 1...3 {
            environment["HTTP_PORT"] = String(try LoopbackPort.free())
            do {
                return try await ServiceWorld.startService(environment, tuning: ServiceWorld.quickTuning, clock: nil)
            } catch where attempt < 3 && "\(error)".contains("Address already in use") {
                continue
            }
        }
        throw ServiceStartError.stoppedBeforeListening
    }

    @Test func eachAttendeeHearsOnceAndTheOtherWorkerTakesTheCalendarOver() async throws {
        try await ServiceWorld.run(["POLL_INTERVAL": "1s", "GOOGLE_PUSH": "off"]) { world in
            let second = try await Self.startSecondWorker(world.environment)
            for index in 0..<12 {
                _ = try await world.create("Session \(index)", inHours: 30 + Double(index), location: "+9198765\(43200 + index)")
            }
            try await eventually("a message to each attendee") { await Set(world.twilio.messages().map(\.to)).count == 12 ? true : nil }
            // Both workers run and poll each second; give them rounds to misbehave in.
            try await world.pass()
            await second.service.waitUntilIdle()
            let messages = await world.twilio.messages()
            #expect(messages.count == 12, "an attendee heard twice: \(messages.map(\.to).sorted())")

            // The first worker stops: the second takes the calendar over at its next poll, and a
            // new session is announced once.
            await world.runner.stop()
            _ = try await world.create("After the stop", inHours: 60, location: "+919876543299")
            try await eventually("the second worker syncs the calendar") {
                await world.twilio.messages(to: "+919876543299").count == 1 ? true : nil
            }
            await second.stop()
            #expect(await world.twilio.messages().count == 13)
            try await world.runner.start()
        }
    }

    /// The worker leading the calendar cannot get through to Google (here a proxy of its own
    /// answers every call with a page of its own): after three failed syncs it steps down, and
    /// the worker that reaches Google announces the session.
    @Test func aWorkerThatCannotReachTheCalendarLeavesItToOneThatCan() async throws {
        try await WebhookReceiver.run { proxy in
            try await ServiceWorld.run(["POLL_INTERVAL": "1s", "GOOGLE_PUSH": "off"],
                                       googleSettings: { _ in ["GOOGLE_CALENDAR_API_URL": proxy.baseURL.absoluteString] }) { world in
                _ = try await world.create("Coaching")
                try await eventually("the cut-off worker leads the calendar and fails") {
                    world.service.calendars.unanswered(forRounds: 1).isEmpty ? nil : true
                }
                var environment = world.environment
                environment["GOOGLE_CALENDAR_API_URL"] = world.google.baseURL.absoluteString
                let second = try await Self.startSecondWorker(environment)
                try await eventually("the worker that reaches Google announces the session") {
                    await world.twilio.messages(to: ServiceWorld.attendee).count == 1 ? true : nil
                }
                await second.stop()
                #expect(await world.twilio.messages().count == 1)
            }
        }
    }
}
