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
///
/// With `meta`, Meta's Cloud API carries the messages and 30 % of its sends fail: `130429`, a `500`
/// before or after the message went, statuses taken before the send's `504`. The 15-minute wait
/// for an unclear send's status is shortened to 20 seconds, as the retry schedule is.
struct FaultSoak {
    let sessions: Int
    let moved: Int
    let cancelled: Int
    var meta = false

    func run() async throws -> Bool {
        let bench = try await BenchEmulators.start(meta: meta)
        for kind in ["rescheduled", "cancelled"] {
            bench.meta?.defineTemplate("session_\(kind)", language: "en", text: kind == "cancelled"
                ? "Your session {{1}} on {{2}} has been cancelled." : "Your session {{1}} has moved to {{2}}. The earlier time, {{3}}, is cancelled. {{4}}")
        }
        try await bench.createSessions(sessions)
        await bench.google.setRandomFaultRate(0.2)
        await bench.twilio.setRandomSendFaultRate(0.3)
        bench.meta?.setRandomFaultRate(0.3)
        let settings = try Settings(source: ConfigurationSource(environment: bench.environment([
            "GOOGLE_PUSH": "on", "POLL_INTERVAL": "5s", "SEND_RATE": "1000", "SEND_CONCURRENCY": "16",
            "META_TEMPLATE_RESCHEDULED": meta ? "session_rescheduled" : "", "META_TEMPLATE_CANCELLED": meta ? "session_cancelled" : "",
        ])))
        var logger = Logger(label: "soak")
        logger.logLevel = .critical
        var tuning = WhatsAppService.Tuning(
            googleRetry: CallRetryPolicy(attempts: 5, baseDelay: .milliseconds(50), maxDelay: .seconds(1)),
            twilioRetry: CallRetryPolicy(attempts: 3, baseDelay: .milliseconds(50), maxDelay: .seconds(1)),
            twilioRequestTimeout: .seconds(1),
            retrySchedule: OutboxRetrySchedule(base: .milliseconds(500), cap: .seconds(4), maxAttempts: 40))
        tuning.metaStatusWait = 20
        let running = try await WhatsAppService.start(settings: settings, logger: logger, tuning: tuning)
        let service = running.service
        let began = ContinuousClock.now

        try await waitFor("the burst") { MessageTally(sent: await bench.sentMessages()).count(of: .scheduled) >= sessions }
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
            let tally = MessageTally(sent: await bench.sentMessages())
            return tally.count(of: .rescheduled) >= moved && tally.count(of: .cancelled) >= cancelled
        }
        try await waitFor("the outbox to drain") {
            try await service.store.storedFigures(now: Date()).countsByState.allSatisfy { ["pending", "sending", "unknown"].contains($0.state) ? $0.count == 0 : true }
        }
        let took = ContinuousClock.now - began
        await running.stop()
        // A last pass with the faults off: anything still owed would go now, and be counted.
        await bench.google.setRandomFaultRate(0)
        await bench.twilio.setRandomSendFaultRate(0)
        bench.meta?.setRandomFaultRate(0)
        _ = try await WhatsAppService.runOnePass(settings: settings, logger: logger, tuning: tuning)

        let result = MessageTally(sent: await bench.sentMessages()).compare(expected: expected)
        let twilioCounts = await bench.twilio.requestCounts
        let sendAttempts = meta ? bench.meta?.sendAttempts ?? 0 : twilioCounts.sendAttempts
        let faulted = meta ? bench.meta?.faultedSends ?? 0 : twilioCounts.faulted
        let googleCounts = await bench.google.requestCounts
        let failed = try await service.store.storedFigures(now: Date()).countsByState.first { $0.state == "failed" }?.count ?? 0
        print("""
            fault soak\(meta ? " (Meta)" : ""): \(sessions) sessions, then \(moved) moved and \(cancelled) cancelled; 30 % of \
            \(meta ? "Meta" : "Twilio") sends and 20 % of Google calls fail; \(Int(Double(took.components.seconds))) s to drain
            | send requests | faulted | Google requests | faulted | lost | duplicated | unexpected | failed in outbox |
            | --- | --- | --- | --- | --- | --- | --- | --- |
            | \(sendAttempts) | \(faulted) | \(googleCounts.api) | \(googleCounts.faulted) | \
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
