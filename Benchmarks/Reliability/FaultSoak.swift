import BenchmarkSupport
import ClientSupport
import Composition
import Emulators
import Foundation
import Logging
import Notifier

/// A burst, then moves and cancellations, while 30 % of sends to Twilio fail (429, 500, no answer
/// before or after the message is recorded) and 20 % of calls to Google fail (403 rate limit, 429,
/// 500). The whole service runs in this process, with the retry schedule shortened from minutes to
/// seconds (its shape unchanged) so that the soak ends in minutes. Goal: every message exactly once.
struct FaultSoak {
    let sessions: Int
    let moved: Int
    let cancelled: Int

    func run() async throws -> Bool {
        let bench = try await BenchEmulators.start()
        try await bench.createSessions(sessions)
        await bench.google.setRandomFaultRate(0.2)
        await bench.twilio.setRandomSendFaultRate(0.3)
        let settings = try Settings(source: ConfigurationSource(environment: bench.environment([
            "GOOGLE_PUSH": "on", "POLL_INTERVAL": "5s", "SEND_RATE": "1000", "SEND_CONCURRENCY": "16",
        ])))
        var logger = Logger(label: "soak")
        logger.logLevel = .critical
        let tuning = WhatsAppService.Tuning(
            googleRetry: CallRetryPolicy(attempts: 5, baseDelay: .milliseconds(50), maxDelay: .seconds(1)),
            twilioRetry: CallRetryPolicy(attempts: 3, baseDelay: .milliseconds(50), maxDelay: .seconds(1)),
            twilioRequestTimeout: .seconds(1),
            retrySchedule: OutboxRetrySchedule(base: .milliseconds(500), cap: .seconds(4), maxAttempts: 40))
        let running = try await WhatsAppService.start(settings: settings, logger: logger, tuning: tuning)
        let service = running.service
        let began = ContinuousClock.now

        try await waitFor("the burst") { MessageTally(await bench.twilio.messages()).count(of: .scheduled) >= sessions }
        let events = await bench.google.events(in: bench.calendarID)
            .sorted { $0.location ?? "" < $1.location ?? "" }
        var expected: [String: Set<MessageTally.MessageKind>] = [:]
        for (index, event) in events.enumerated() {
            guard let number = event.location else { continue }
            expected[number] = [.scheduled]
            if index < moved {
                guard case .timed(let start, _) = event.start else { continue }
                try await bench.google.moveEvent(event.id, in: bench.calendarID, start: start.addingTimeInterval(3_600),
                                                 end: start.addingTimeInterval(5_400))
                expected[number]?.insert(.rescheduled)
            } else if index < moved + cancelled {
                try await bench.google.deleteEvent(event.id, in: bench.calendarID)
                expected[number]?.insert(.cancelled)
            }
        }
        try await waitFor("the moves and cancellations") {
            let tally = MessageTally(await bench.twilio.messages())
            return tally.count(of: .rescheduled) >= moved && tally.count(of: .cancelled) >= cancelled
        }
        try await waitFor("the outbox to drain") {
            try await service.store.outboxCountsByState().allSatisfy { ["pending", "sending", "unknown"].contains($0.state) ? $0.count == 0 : true }
        }
        let took = ContinuousClock.now - began
        await running.stop()
        // A last pass with the faults off: anything still owed would go now, and be counted.
        await bench.google.setRandomFaultRate(0)
        await bench.twilio.setRandomSendFaultRate(0)
        _ = try await WhatsAppService.runOnePass(settings: settings, logger: logger, tuning: tuning)

        let result = MessageTally(await bench.twilio.messages()).compare(expected: expected)
        let twilioCounts = await bench.twilio.requestCounts
        let googleCounts = await bench.google.requestCounts
        let failed = try await service.store.outboxCountsByState().first { $0.state == "failed" }?.count ?? 0
        print("""
            fault soak: \(sessions) sessions, then \(moved) moved and \(cancelled) cancelled; 30 % of Twilio sends and \
            20 % of Google calls fail; \(Int(Double(took.components.seconds))) s to drain
            | send requests | faulted | Google requests | faulted | lost | duplicated | unexpected | failed in outbox |
            | --- | --- | --- | --- | --- | --- | --- | --- |
            | \(twilioCounts.sendAttempts) | \(twilioCounts.faulted) | \(googleCounts.api) | \(googleCounts.faulted) | \
            \(result.lost) | \(result.duplicated) | \(result.unexpected) | \(failed) |
            """)
        await bench.stop()
        return result.lost == 0 && result.duplicated == 0 && result.unexpected == 0 && failed == 0
    }
}

extension MessageTally {
    /// How many numbers got at least one message of `kind`.
    func count(of kind: MessageKind) -> Int {
        counts.values.filter { ($0[kind] ?? 0) > 0 }.count
    }
}
