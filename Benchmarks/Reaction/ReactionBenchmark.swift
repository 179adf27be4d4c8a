import BenchmarkSupport
import Composition
import Emulators
import Foundation
import Logging
import Notifier

/// Reaction time with push on (DESIGN.md §14, §17): from a change in the emulated calendar to the
/// Twilio emulator receiving the message, over `--changes` changes (200 by default), one at a
/// time. Polling is set to an hour, so only push can explain a fast reaction. Run it in release:
/// `swift run -c release ReactionBenchmark`.
@main
struct ReactionBenchmark {
    static func main() async throws {
        let changes = CommandLine.arguments.firstIndex(of: "--changes").flatMap { Int(CommandLine.arguments[$0 + 1]) } ?? 200
        let bench = try await BenchEmulators.start()
        let environment = bench.environment(["GOOGLE_PUSH": "on", "POLL_INTERVAL": "1h", "SEND_RATE": "1000"])
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let running = try await WhatsAppService.start(settings: try Settings(source: ConfigurationSource(environment: environment)),
                                                      logger: logger)
        while await bench.google.channels().isEmpty { try await Task.sleep(for: .milliseconds(10)) }

        var latencies: [Double] = []
        for index in 0..<changes {
            let start = Date().addingTimeInterval(Double(2 + index) * 86_400)
            let before = Date()
            try await bench.google.createEvent(in: bench.calendarID, summary: "Session \(index)", start: start,
                                               end: start.addingTimeInterval(3_600), timeZone: "UTC",
                                               location: "+1415555\(String(format: "%04d", index))")
            while true {
                if let message = await bench.twilio.messages().last, message.body.contains("Session \(index)\"") {
                    latencies.append(message.dateCreated.timeIntervalSince(before) * 1_000)
                    break
                }
                try await Task.sleep(for: .microseconds(200))
            }
        }
        await running.stop()
        await bench.stop()

        let sorted = latencies.sorted()
        print("Reaction with push on: calendar change → Twilio request (\(changes) changes, one at a time)")
        print("| p50 | p90 | p99 | max | goal |")
        print("| --- | --- | --- | --- | --- |")
        print(String(format: "| %.1f ms | %.1f ms | %.1f ms | %.1f ms | p50 < 50 ms, p99 < 250 ms |",
                     percentile(sorted, 0.5), percentile(sorted, 0.9), percentile(sorted, 0.99), sorted.last ?? 0))
    }
}
