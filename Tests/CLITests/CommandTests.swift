import Fernet
import Foundation
import Notifier
import TestSupport
import Testing

struct CommandTests {
    let cli: CLI
    init() throws { cli = try CLI() }

    static let required = [
        "GOOGLE_CALENDAR_ID", "GOOGLE_SERVICE_ACCOUNT_FILE", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
        "TWILIO_WHATSAPP_FROM", "FERNET_KEY", "PUBLIC_BASE_URL",
    ]

    func validEnvironment() -> [String: String] {
        TestSupport.validEnvironment(serviceAccountFile: Fixtures.serviceAccountKeyPath)
    }

    @Test func checkWithAnEmptyEnvironmentNamesEveryRequiredSetting() async throws {
        let result = try await cli.run(["check"])
        #expect(result.status == 2)
        for name in Self.required { #expect(result.error.contains(name), "\(name) not named") }
    }

    @Test func checkWithOneMalformedValueNamesThatOne() async throws {
        var environment = validEnvironment()
        environment["POLL_INTERVAL"] = "every so often"
        let result = try await cli.run(["check"], environment: environment)
        #expect(result.status == 2)
        #expect(result.error.contains("POLL_INTERVAL"))
        #expect(result.error.contains("1 problem"))
        for name in Self.required { #expect(!result.error.contains(name)) }
    }

    @Test func fernetKeyPrintsAUsableKey() async throws {
        let result = try await cli.run(["fernet-key"])
        #expect(result.status == 0)
        let key = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(throws: Never.self) { try FernetKey(base64URL: key) }
    }

    @Test(.enabled(if: Python.hasFernet, "python3 with the cryptography module is not installed"))
    func pythonAcceptsTheKey() async throws {
        let key = try await cli.run(["fernet-key"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try Python.run("import sys; from cryptography.fernet import Fernet; Fernet(sys.argv[1]); print('ok')", key) == "ok")
    }

    @Test(.enabled(if: Python.hasFernet, "python3 with the cryptography module is not installed"))
    func inspectShowsATokenMintedByPython() async throws {
        let key = FernetKey.generate().base64URL
        let token = try Python.run("""
            import sys, json
            from cryptography.fernet import Fernet
            payload = json.dumps({"a": "cancel", "c": "host@example.com", "e": "evt_42", "s": 3})
            print(Fernet(sys.argv[1]).encrypt(payload.encode()).decode())
            """, key)
        let result = try await cli.run(["link", "inspect", "https://book.example.com/cancel/\(token)"], environment: ["FERNET_KEY": key])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains("action:   cancel"))
        #expect(result.output.contains("calendar: host@example.com"))
        #expect(result.output.contains("event:    evt_42"))
        #expect(result.output.contains("sequence: 3"))

        var tampered = Array(token)
        tampered[30] = tampered[30] == "x" ? "y" : "x"
        let refused = try await cli.run(["link", "inspect", String(tampered)], environment: ["FERNET_KEY": key])
        #expect(refused.status == 1)
        #expect(refused.output.contains("valid:    no"))
    }

    @Test func inspectReadsOurOwnTokensAndNeedsAKey() async throws {
        let key = FernetKey.generate()
        let token = LinkTokenCodec(keys: [key]).mint(
            LinkToken(action: .reschedule, calendarID: "c@example.com", eventID: "e1", sequence: 0))
        let result = try await cli.run(["link", "inspect", "/reschedule/\(token)"], environment: ["FERNET_KEY": key.base64URL])
        #expect(result.status == 0)
        #expect(result.output.contains("action:   reschedule"))
        #expect(try await cli.run(["link", "inspect", token]).status == 2)
    }

    @Test(arguments: [["--help"], ["sync", "--help"], ["check", "--help"], ["fernet-key", "--help"], ["link", "inspect", "--help"]])
    func everyCommandExplainsItself(arguments: [String]) async throws {
        let result = try await cli.run(arguments)
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE"))
    }
}
