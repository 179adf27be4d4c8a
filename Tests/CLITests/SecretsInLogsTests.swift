import Emulators
import Fernet
import Foundation
import TestSupport
import Testing

/// No secret reaches the log at any level: `serve` at `trace` through a whole flow (send,
/// delivery reports, an inbound message, a cancellation), then the log is searched for each.
@Suite(.serialized)
struct SecretsInLogsTests {
    @Test func aWholeFlowAtTraceLogsNoSecret() async throws {
        try await EmulatedCalendar.run { google, twilio, cli, environment in
            var environment = environment
            let port = try #require(environment["HTTP_PORT"].flatMap(Int.init))
            environment["POLL_INTERVAL"] = "1s"
            environment["LOG_LEVEL"] = "trace"
            environment["CALENDLY_API_TOKEN"] = "calendly-token-" + UUID().uuidString
            environment["CALENDLY_API_URL"] = "http://127.0.0.1:9"
            environment["CALENDLY_WEBHOOK_SIGNING_KEY"] = "calendly-signing-" + UUID().uuidString
            environment["FERNET_KEY"] = [FernetKey.generate(), FernetKey.generate()].map(\.base64URL).joined(separator: ",")
            let serve = try RunningCommand(["serve"], environment: environment, in: cli.directory)
            _ = try await serve.servingPort()

            let start = Date().addingTimeInterval(48 * 3_600)
            let id = try await google.createEvent(in: EmulatedCalendar.id, summary: "Coaching", start: start,
                                                  end: start.addingTimeInterval(3_600), location: "+919876543210")
            try await eventually("the event turns green") {
                await google.event(id, in: EmulatedCalendar.id)?.colorId == "10" ? true : nil
            }
            let inbound = try await twilio.postInbound(from: "+919876543210", body: "list",
                                                       to: URL(string: "http://127.0.0.1:\(port)/webhooks/twilio/inbound")!)
            #expect(inbound.status == 200)
            let body = try #require(await twilio.messages().first?.body)
            let link = try #require(body.split(separator: "\n").first { $0.hasPrefix("Cancel: ") }?.dropFirst("Cancel: ".count))
            let page = try #require(try await Browser.get(String(link)).headers.first(name: "Location"))
            let confirm = try #require(try await Browser.get(page).body.firstMatch(of: #/name="confirm" value="([^"]+)"/#)?.1)
            let done = try await Browser.post(page, form: [("confirm", String(confirm))],
                                              headers: [("Origin", "http://127.0.0.1:\(port)")])
            #expect(done.status == 200)
            try await eventually("the cancelled message is sent") { await twilio.messages().count == 2 ? true : nil }
            serve.signal(SIGTERM)
            #expect(await serve.exitStatus() == 0)

            let log = serve.log
            #expect(log.contains("trace") || log.contains("debug"), "the log is at its most detailed")
            let key = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: environment["GOOGLE_SERVICE_ACCOUNT_FILE"]!)))
            let pem = try #require((key as? [String: Any])?["private_key"] as? String)
            let pemLines = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)
            var secrets: [(String, String)] = [
                ("Twilio auth token", twilio.authToken),
                ("Twilio Basic credentials", Data("\(twilio.accountSID):\(twilio.authToken)".utf8).base64EncodedString()),
                ("Calendly API token", environment["CALENDLY_API_TOKEN"]!),
                ("Calendly signing key", environment["CALENDLY_WEBHOOK_SIGNING_KEY"]!),
                ("Google access token", "ya29."),
            ]
            secrets += environment["FERNET_KEY"]!.split(separator: ",").map { ("Fernet key", String($0)) }
            secrets += pemLines.map { ("private key", $0) }
            for (name, secret) in secrets {
                #expect(!log.contains(secret), "the log holds the \(name)")
            }
        }
    }
}
