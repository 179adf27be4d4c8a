import AsyncHTTPClient
import Emulators
import Foundation
import NIOSSL
import TestSupport
import Testing

/// `serve` behind a real Caddy with `tls internal`, configured by deploy/Caddyfile itself (its site
/// address substituted, test-only global options added), PUBLIC_BASE_URL the https address: Twilio's
/// signatures over the https URL hold through the proxy, links and the cancel form work, and a
/// forged callback is still refused (DESIGN.md §20, issue 17).
@Suite(.serialized)
struct CaddyProxyTests {
    static let caddy = ["/usr/bin/caddy", "/usr/local/bin/caddy"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let deployCaddyfile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/Caddyfile")

    @Test(.enabled(if: caddy != nil, "Caddy is not installed (apt-get install caddy; .ci/run installs it)"))
    func webhooksLinksAndTheCancelFormWorkThroughTheTLSProxy() async throws {
        try await EmulatedCalendar.run { google, twilio, cli, environment in
            let proxyPort = try LoopbackPort.free()
            let servicePort = Int(environment["HTTP_PORT"]!)!
            let base = "https://127.0.0.1:\(proxyPort)"
            let storage = cli.directory.path("caddy")
            let caddyfile = cli.directory.path("Caddyfile")
            try Self.testCaddyfile(storage: storage, httpPort: try LoopbackPort.free()).write(toFile: caddyfile, atomically: true, encoding: .utf8)
            let proxy = try RunningProgram(Self.caddy!, ["run", "--config", caddyfile, "--adapter", "caddyfile"], environment: [
                "SITE_ADDRESS": base, "UPSTREAM": "127.0.0.1:\(servicePort)", "HOME": storage, "XDG_DATA_HOME": storage,
                "XDG_CONFIG_HOME": storage, "PATH": "/usr/bin:/bin",
            ])
            defer { proxy.stop() }

            var environment = environment
            environment["PUBLIC_BASE_URL"] = base
            environment["POLL_INTERVAL"] = "1s"
            // Google posts only to https addresses it trusts; the emulated one cannot trust Caddy's own CA.
            environment["GOOGLE_PUSH"] = "off"
            let serve = try RunningCommand(["serve"], environment: environment, in: cli.directory)
            _ = try await serve.servingPort()

            let root = storage + "/pki/authorities/local/root.crt"
            try await eventually("Caddy makes its local CA") { FileManager.default.fileExists(atPath: root) ? true : nil }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(root)
            let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                    configuration: .init(tlsConfiguration: tls, redirectConfiguration: .disallow))
            try await eventually("the proxy answers") {
                (try? await Browser.get(base + "/healthz", through: client))?.status == 200 ? true : nil
            }
            #expect(try await Browser.get(base + "/metrics", through: client).status == 404, "metrics stay private")

            let start = Date().addingTimeInterval(86_400)
            try await google.createEvent(in: EmulatedCalendar.id, summary: "Yoga", start: start,
                                         end: start.addingTimeInterval(3_600), location: "+919876543210")
            let message = try await eventually("the message is sent") { await twilio.messages().first }
            let cancelLink = try #require(message.body.split(separator: "\n").first { $0.hasPrefix("Cancel: ") }?.dropFirst(8))
            #expect(cancelLink.hasPrefix(base + "/r/"))

            // A delivery report signed over the https URL, as Twilio signs it, through the proxy.
            let statusURL = base + "/webhooks/twilio/status"
            let fields = [("AccountSid", twilio.accountSID), ("MessageSid", message.sid), ("MessageStatus", "read")]
            let signed = try await Browser.post(statusURL, form: fields,
                                                headers: [("X-Twilio-Signature", twilio.signature(url: statusURL, fields: fields))],
                                                through: client)
            #expect((200..<300).contains(signed.status))
            try await eventually("the report is applied") {
                let metrics = try await Browser.get("http://127.0.0.1:\(servicePort)/metrics").body
                return metrics.contains(#"gcal_whatsapp_outbox_messages{state="read"} 1"#) ? true : nil
            }
            let forged = try await Browser.post(statusURL, form: fields.map { $0.0 == "MessageStatus" ? ($0.0, "failed") : $0 },
                                                headers: [("X-Twilio-Signature", twilio.signature(url: statusURL, fields: fields))],
                                                through: client)
            #expect(forged.status == 403)
            let overHTTP = "http://127.0.0.1:\(servicePort)/webhooks/twilio/status"
            let wrongURL = try await Browser.post(statusURL, form: fields,
                                                  headers: [("X-Twilio-Signature", twilio.signature(url: overHTTP, fields: fields))],
                                                  through: client)
            #expect(wrongURL.status == 403, "a signature over another URL is refused")

            let inboundURL = base + "/webhooks/twilio/inbound"
            let inbound = [("AccountSid", twilio.accountSID), ("MessageSid", "SM" + String(repeating: "7", count: 32)),
                           ("From", "whatsapp:+919876543210"), ("To", "whatsapp:\(twilio.whatsAppNumber)"), ("Body", "list")]
            let reply = try await Browser.post(inboundURL, form: inbound,
                                               headers: [("X-Twilio-Signature", twilio.signature(url: inboundURL, fields: inbound))],
                                               through: client)
            #expect(reply.status == 200)
            #expect(reply.body.contains("<Response>") && reply.body.contains("Yoga"), "\(reply.body)")

            let confirmPage = try #require(try await Browser.get(String(cancelLink), through: client).location)
            #expect(confirmPage.hasPrefix(base + "/cancel/"))
            let form = try await Browser.get(confirmPage, through: client)
            #expect(form.status == 200)
            #expect(form.headers.first(name: "Strict-Transport-Security") != nil, "Caddy's headers are on")
            let confirm = try #require(form.input("confirm"))
            let crossSite = try await Browser.post(confirmPage, form: [("confirm", confirm)], headers: [("Origin", "https://evil.example")],
                                                   through: client)
            #expect(crossSite.status == 403)
            let done = try await Browser.post(confirmPage, form: [("confirm", confirm)], headers: [("Origin", base)], through: client)
            #expect(done.body.contains("Your session is cancelled"), "\(done.body)")

            try await client.shutdown()
            serve.signal(SIGTERM)
            #expect(await serve.exitStatus() == 0)
        }
    }

    /// deploy/Caddyfile as shipped, with test-only global options (no trust store changes, no admin
    /// port, loopback only, storage in the test's folder) and `tls internal` in the site block.
    static func testCaddyfile(storage: String, httpPort: Int) throws -> String {
        var text = try String(contentsOf: deployCaddyfile, encoding: .utf8)
        let global = "{\n\tskip_install_trust\n\tadmin off\n\tauto_https disable_redirects\n\thttp_port \(httpPort)\n"
            + "\tstorage file_system {\n\t\troot \(storage)\n\t}\n"
        guard let open = text.range(of: "\n{\n") else { throw CaddyfileError("no global options block") }
        text.replaceSubrange(open, with: "\n" + global)
        guard let site = text.range(of: "{$SITE_ADDRESS:book.example.com} {\n") else { throw CaddyfileError("no site block") }
        text.insert(contentsOf: "\ttls internal\n\tbind 127.0.0.1\n", at: site.upperBound)
        return text
    }

    struct CaddyfileError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}

/// A program other than ours (Caddy), stopped when the test ends.
final class RunningProgram: Sendable {
    let process: Process

    init(_ path: String, _ arguments: [String], environment: [String: String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
