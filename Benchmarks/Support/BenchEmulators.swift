public import Emulators
public import Foundation
import Fernet

/// The Google and Twilio emulators on loopback for a benchmark, one calendar, a key Google trusts,
/// and the settings that point the service at them. Nothing leaves 127.0.0.1.
public struct BenchEmulators: Sendable {
    public let google: GoogleEmulator
    public let twilio: TwilioEmulator
    /// With `meta`: WhatsApp through the Meta emulator instead of Twilio.
    public let meta: MetaEmulator?
    public let calendarID = "host@bench.test"
    public let folder: URL
    /// Where the service is to listen (`PUBLIC_BASE_URL` points there, so status callbacks arrive).
    public let port: Int

    public static func start(meta useMeta: Bool = false) async throws -> BenchEmulators {
        let google = try await GoogleEmulator.start(pageSize: 2_500)
        let twilio = try await TwilioEmulator.start(pageSize: 1_000)
        let meta = useMeta ? try await MetaEmulator.start() : nil
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bench = BenchEmulators(google: google, twilio: twilio, meta: meta, folder: folder, port: try LoopbackPort.free())
        if let meta {
            meta.setWebhook(publicBaseURL: URL(string: "http://127.0.0.1:\(bench.port)")!)
            // Meta retries a webhook the service was down for: statuses of sends cut short arrive.
            meta.setStatusRetry(for: .seconds(120))
            meta.defineTemplate("session_scheduled", language: "en", text: "Your session {{1}} is scheduled for {{2}}. Cancel: {{3}}")
        }
        await google.addCalendar(bench.calendarID, timeZone: "UTC")
        try await google.makeServiceAccount().json.write(to: folder.appendingPathComponent("key.json"))
        return bench
    }

    /// The settings of a service on these emulators, `overrides` on top.
    public func environment(_ overrides: [String: String] = [:]) -> [String: String] {
        var environment = [
            "FERNET_KEY": FernetKey.generate().base64URL, "PUBLIC_BASE_URL": "http://127.0.0.1:\(port)", "HTTP_PORT": String(port),
            "DATABASE_PATH": folder.appendingPathComponent("bench.sqlite").path, "LOG_LEVEL": "error",
        ]
        environment.merge(google.settings(calendarID: calendarID, serviceAccountFile: folder.appendingPathComponent("key.json").path)) { $1 }
        environment.merge(twilio.settings) { $1 }
        if let meta {
            environment.merge(meta.settings) { $1 }
            environment["META_TEMPLATE_SCHEDULED"] = "session_scheduled"
        }
        environment.merge(overrides) { $1 }
        return environment.filter { !$0.value.isEmpty }
    }

    /// `count` (at most 10,000) one-attendee sessions, ten minutes apart from tomorrow, each with its
    /// own valid number (`+1 415 555 0000` onwards: a North American exchange cannot start with 0).
    public func createSessions(_ count: Int, startingAt first: Int = 0, summary: String = "Session") async throws {
        for index in first..<(first + count) {
            let start = Date().addingTimeInterval(86_400 + Double(index) * 600)
            try await google.createEvent(in: calendarID, summary: "\(summary) \(index)", start: start,
                                         end: start.addingTimeInterval(1_800), timeZone: "UTC",
                                         location: "+1415555\(String(format: "%04d", index))")
        }
    }

    /// Every WhatsApp message the provider in use accepted: to whom, and what it said.
    public func sentMessages() async -> [(to: String, body: String)] {
        if let meta { return meta.messages().map { ($0.to, $0.text) } }
        return await twilio.messages().map { ($0.to, $0.body) }
    }

    public func stop() async {
        await meta?.stop()
        await twilio.stop()
        await google.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}

/// The value below which `fraction` of `sorted` lies (nearest rank).
public func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, max(0, Int((fraction * Double(sorted.count)).rounded(.up)) - 1))]
}
