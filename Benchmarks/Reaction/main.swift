import Composition
import Emulators
import Fernet
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
        let calendarID = "host@bench.test"
        let google = try await GoogleEmulator.start(pageSize: 250)
        let twilio = try await TwilioEmulator.start(pageSize: 1_000)
        await google.addCalendar(calendarID, timeZone: "UTC")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reaction-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await google.makeServiceAccount().json.write(to: folder.appendingPathComponent("key.json"))
        let port = try LoopbackPort.free()
        let environment = [
            "GOOGLE_CALENDAR_ID": calendarID, "GOOGLE_SERVICE_ACCOUNT_FILE": folder.appendingPathComponent("key.json").path,
            "GOOGLE_CALENDAR_API_URL": google.baseURL.absoluteString, "TWILIO_API_URL": twilio.baseURL.absoluteString,
            "TWILIO_ACCOUNT_SID": twilio.accountSID, "TWILIO_AUTH_TOKEN": twilio.authToken, "TWILIO_WHATSAPP_FROM": twilio.whatsAppNumber,
            "FERNET_KEY": FernetKey.generate().base64URL, "PUBLIC_BASE_URL": "http://127.0.0.1:\(port)", "HTTP_PORT": String(port),
            "DATABASE_PATH": folder.appendingPathComponent("bench.sqlite").path, "GOOGLE_PUSH": "on", "POLL_INTERVAL": "1h",
            "SEND_RATE": "1000", "LOG_LEVEL": "error",
        ]
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let service = try WhatsAppService(settings: try Settings(source: ConfigurationSource(environment: environment)),
                                          httpClient: .shared, logger: logger)
        let (ports, serving) = AsyncStream.makeStream(of: Int.self)
        let group = try service.serviceGroup(signals: [], onServerRunning: { port in
            serving.yield(port)
            serving.finish()
        })
        let running = Task { try await group.run() }
        for await _ in ports { break }
        while await google.channels().isEmpty { try await Task.sleep(for: .milliseconds(10)) }

        var latencies: [Double] = []
        for index in 0..<changes {
            let start = Date().addingTimeInterval(Double(2 + index) * 86_400)
            let before = Date()
            try await google.createEvent(in: calendarID, summary: "Session \(index)", start: start, end: start.addingTimeInterval(3_600),
                                         timeZone: "UTC", location: "+1415555\(String(format: "%04d", index))")
            while true {
                if let message = await twilio.messages().last, message.body.contains("Session \(index)\"") {
                    latencies.append(message.dateCreated.timeIntervalSince(before) * 1_000)
                    break
                }
                try await Task.sleep(for: .microseconds(200))
            }
        }
        await group.triggerGracefulShutdown()
        _ = await running.result
        await twilio.stop()
        await google.stop()

        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        print("Reaction with push on: calendar change → Twilio request (\(changes) changes, one at a time)")
        print("| p50 | p90 | p99 | max | goal |")
        print("| --- | --- | --- | --- | --- |")
        print(String(format: "| %.1f ms | %.1f ms | %.1f ms | %.1f ms | p50 < 50 ms, p99 < 250 ms |",
                     percentile(0.5), percentile(0.9), percentile(0.99), sorted.last ?? 0))
    }
}
