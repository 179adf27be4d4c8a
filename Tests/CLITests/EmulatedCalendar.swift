import Emulators
import Foundation
import TestSupport

/// Emulated Google (one calendar) and Twilio, and the binary's environment pointing at them, for
/// commands that reach out: no test contacts anything but loopback.
enum EmulatedCalendar {
    static let id = "host@example.com"

    /// Runs `body` with fresh emulators (calendar in Asia/Kolkata), a CLI in a fresh directory and
    /// valid settings whose key Google trusts; the database path does not exist yet. On the
    /// PostgreSQL pass (`TEST_STORE=postgres`) `DATABASE_URL` names an empty database of the test's own.
    static func run(_ body: (GoogleEmulator, TwilioEmulator, CLI, [String: String]) async throws -> Void) async throws {
        let postgres = try TestStore.createDatabase()
        defer { if let postgres { TestStore.dropDatabase(postgres.name) } }
        let google = try await GoogleEmulator.start(pageSize: 2)
        let twilio = try await TwilioEmulator.start(pageSize: 50)
        let cli = try CLI()
        try await stopping({ await twilio.stop(); await google.stop() }) {
            await google.addCalendar(id, timeZone: "Asia/Kolkata")
            try await google.makeServiceAccount().json.write(to: cli.directory.url.appendingPathComponent("key.json"))
            var environment = validEnvironment(serviceAccountFile: cli.directory.path("key.json"))
                .merging(google.settings(calendarID: id, serviceAccountFile: cli.directory.path("key.json"))) { $1 }
                .merging(twilio.settings) { $1 }
            environment["DATABASE_PATH"] = cli.directory.path("data/service.sqlite")
            if let postgres { environment["DATABASE_URL"] = postgres.url }
            environment["DEFAULT_COUNTRY_CODE"] = "IN"
            environment["CALENDLY_SCHEDULING_URL"] = "https://calendly.com/host/session"
            // The service's own address: `serve` listens there, and a test of `sync` puts a
            // receiver there, so Twilio's status callbacks always arrive somewhere real.
            let port = try LoopbackPort.free()
            environment["PUBLIC_BASE_URL"] = "http://127.0.0.1:\(port)"
            environment["HTTP_PORT"] = String(port)
            try await body(google, twilio, cli, environment)
        }
    }

    /// Writes a well-formed key file for `google`'s token endpoint that `google` does not trust,
    /// and returns its path: what an operator has after pasting another project's key.
    static func writeUntrustedKey(for google: GoogleEmulator, in cli: CLI) async throws -> String {
        let stranger = try await GoogleEmulator.start()
        let foreign = try await stranger.makeServiceAccount().json
        await stranger.stop()
        var file = try JSONSerialization.jsonObject(with: foreign) as! [String: String]
        file["token_uri"] = google.tokenURL.absoluteString
        let path = cli.directory.path("untrusted-key.json")
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: path))
        return path
    }
}
