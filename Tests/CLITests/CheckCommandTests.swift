import Emulators
import Foundation
import TestSupport
import Testing

/// `check` reaching the emulated Google over loopback: ✓ for what works, ✗ with Google's words.
@Suite(.serialized)
struct CheckCommandTests {
    @Test func aValidConfigurationReachesGoogleWithoutPrintingSecrets() async throws {
        try await EmulatedCalendar.run { _, _, cli, environment in
            let result = try await cli.run(["check"], environment: environment)
            #expect(result.status == 0, "\(result.output)\(result.error)")
            #expect(result.output.contains("✓ configuration is valid"))
            #expect(result.output.contains("✓ Google access token obtained"))
            #expect(result.output.contains("✓ calendar host@example.com readable (time zone Asia/Kolkata)"))
            #expect(result.output.contains("✓ Twilio credentials valid"))
            #expect(result.output.contains("✓ WhatsApp sender whatsapp:+14155238886 is in E.164 format"))
            #expect(!result.output.contains(environment["TWILIO_AUTH_TOKEN"]!))
            #expect(!result.output.contains(environment["FERNET_KEY"]!))
            if TestStore.isPostgres {
                // A database no worker has set up (a typo in its name looks the same): said, not hidden.
                #expect(result.output.contains("answers; it is empty: the first worker to start creates the tables"), "\(result.output)")
                #expect(try !StoredData.exists(environment), "check created nothing")
            }
        }
    }

    @Test func pushIsReportedAsItIs() async throws {
        try await EmulatedCalendar.run { google, _, cli, environment in
            var environment = environment
            environment["GOOGLE_PUSH"] = "off"
            let off = try await cli.run(["check"], environment: environment)
            #expect(off.output.contains("✓ Google push off (GOOGLE_PUSH=off): changes are seen at the next poll, every 1m"))
            environment["GOOGLE_PUSH"] = "on"
            let on = try await cli.run(["check"], environment: environment)
            #expect(on.status == 0, "\(on.output)\(on.error)")
            #expect(on.output.contains("✓ Google accepts push channels for host@example.com at \(environment["PUBLIC_BASE_URL"]!)/webhooks/google"))
            #expect(await google.channels().allSatisfy(\.stopped), "the trial channel is stopped at once")
        }
    }

    @Test func checkReadsTheDotEnvFileInTheWorkingDirectory() async throws {
        try await EmulatedCalendar.run { _, _, cli, environment in
            let dotEnv = environment.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
            let result = try await cli.run(["check"], dotEnv: dotEnv)
            #expect(result.status == 0, "\(result.output)\(result.error)")
        }
    }

    @Test func anUnsharedCalendarIsACrossWithGooglesReason() async throws {
        try await EmulatedCalendar.run { _, _, cli, environment in
            var environment = environment
            environment["GOOGLE_CALENDAR_ID"] = "host@example.com,stranger@example.com"
            let result = try await cli.run(["check"], environment: environment)
            #expect(result.status == 1)
            #expect(result.output.contains("✓ calendar host@example.com readable"))
            #expect(result.output.contains("✗ calendar stranger@example.com readable: Google answered 404"), "\(result.output)")
        }
    }

    @Test func aRefusedKeyIsACross() async throws {
        try await EmulatedCalendar.run { google, _, cli, environment in
            let keyPath = try await EmulatedCalendar.writeUntrustedKey(for: google, in: cli)
            var environment = environment
            environment["GOOGLE_SERVICE_ACCOUNT_FILE"] = keyPath
            let result = try await cli.run(["check"], environment: environment)
            #expect(result.status == 1)
            #expect(result.output.contains("✗ Google access token: Google refused the service account (400 invalid_grant)"))
            #expect(result.output.contains("✗ calendar host@example.com readable: not tried without a token"))
        }
    }

    @Test func wrongTwilioCredentialsAreACrossWithTwiliosReason() async throws {
        try await EmulatedCalendar.run { _, _, cli, environment in
            var environment = environment
            environment["TWILIO_AUTH_TOKEN"] = "not-the-token"
            let result = try await cli.run(["check"], environment: environment)
            #expect(result.status == 1)
            #expect(result.output.contains("✓ Google access token obtained"))
            #expect(result.output.contains("✗ Twilio credentials valid: Twilio answered 401"), "\(result.output)")
            #expect(!result.output.contains("not-the-token"))
        }
    }
}

/// `check` against a real CalDAV server (Radicale): each calendar found, by URL; a refused app
/// password is "disconnected" with what to do, and the password is printed nowhere.
@Suite(.serialized)
struct CalDAVCheckTests {
    @Test func checkNamesTheCalendarsFoundAndARefusedPassword() async throws {
        guard CalDAVServer.Kind.radicale.isInstalled else { return print("skipped: radicale is not installed (pip install radicale)") }
        let server = try await CalDAVServer(.radicale)
        let calendar = try await server.makeCalendar("Coaching")
        try await EmulatedCalendar.run { _, _, cli, environment in
            var environment = environment
            for name in ["GOOGLE_CALENDAR_ID", "GOOGLE_SERVICE_ACCOUNT_FILE"] { environment[name] = nil }
            environment["GOOGLE_PUSH"] = "off"
            environment["CALDAV_URL"] = server.root.absoluteString
            environment["CALDAV_USERNAME"] = CalDAVServer.user
            environment["CALDAV_PASSWORD"] = CalDAVServer.password
            let good = try await cli.run(["check"], environment: environment)
            #expect(good.status == 0, "\(good.output)\(good.error)")
            #expect(good.output.contains("✓ CalDAV calendar \(calendar.absoluteString) readable"), "\(good.output)")

            environment["CALDAV_PASSWORD"] = "a-revoked-app-password"
            let refused = try await cli.run(["check"], environment: environment)
            #expect(refused.status == 1)
            #expect(refused.output.contains("✗ CalDAV account host at \(server.root.absoluteString.dropLast()): disconnected: "), "\(refused.output)")
            #expect(refused.output.contains("app password"))
            #expect(!(refused.output + refused.error).contains("a-revoked-app-password"))
        }
    }
}

/// `connect google` in a terminal, and what `check` says before, after and once the grant is revoked.
@Suite(.serialized)
struct ConnectCommandTests {
    @Test func anAccountNotConnectedBesideAServiceAccountIsOptional() async throws {
        try await EmulatedCalendar.run { google, _, cli, environment in
            let result = try await cli.run(["check"], environment: environment.merging(google.oauthSettings) { $1 })
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("✓ Google Calendar account not connected (optional: Open /host/connect"), "\(result.output)")
        }
    }

    @Test func checkSaysNotConnectedThenConnectedThenRevoked() async throws {
        try await EmulatedCalendar.run { google, _, cli, environment in
            var environment = environment.merging(google.oauthSettings) { $1 }
            for name in ["GOOGLE_CALENDAR_ID", "GOOGLE_SERVICE_ACCOUNT_FILE"] { environment[name] = nil }
            let before = try await cli.run(["check"], environment: environment)
            #expect(before.status == 1)
            #expect(before.output.contains("✗ Google Calendar account connected: disconnected: not connected yet"), "\(before.output)")
            #expect(before.output.contains("gcal-whatsapp connect google"))

            let connecting = try RunningCommand(["connect", "google"], environment: environment, in: cli.directory)
            let url = try await eventually("the consent address is printed") {
                connecting.output.firstMatch(of: #/(http://127\.0\.0\.1:\d+/o/oauth2/v2/auth\?\S+)/#).flatMap { URL(string: String($0.1)) }
            }
            let back = try await EmulatedConsent.answer(url, as: EmulatedCalendar.id)
            #expect(try await Browser.get(back).body.contains("You can close this tab"))
            #expect(await connecting.exitStatus() == 0, "\(connecting.log)")
            #expect(connecting.output.contains("connected Google Calendar as \(EmulatedCalendar.id)"))

            let after = try await cli.run(["check"], environment: environment)
            #expect(after.status == 0, "\(after.output)\(after.error)")
            #expect(after.output.contains("✓ Google Calendar account \(EmulatedCalendar.id) connected; calendar \(EmulatedCalendar.id) readable"), "\(after.output)")
            let database = try #require(try StoredData.everything(environment))
            #expect(!database.contains("1//0g"), "no refresh token in clear")

            await google.revokeGrants(of: EmulatedCalendar.id)
            let revoked = try await cli.run(["check"], environment: environment)
            #expect(revoked.status == 1)
            #expect(revoked.output.contains("disconnected: Google refused the connected account's grant (400 invalid_grant)"), "\(revoked.output)")
            #expect(revoked.output.contains("connect it again at /host/connect"))
            #expect(!revoked.output.contains(".."), "\(revoked.output)")
        }
    }
}

/// `check` with `WHATSAPP_PROVIDER=meta`: the token and the number's id, through `GET /{phone-number-id}`.
@Suite(.serialized)
struct MetaCheckTests {
    @Test func checkAcceptsMetasTokenAndNamesARefusedOne() async throws {
        let meta = try await MetaEmulator.start()
        try await stopping({ await meta.stop() }) {
            try await EmulatedCalendar.run { _, _, cli, environment in
                var environment = environment.merging(meta.settings) { $1 }
                for name in ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM"] { environment[name] = nil }
                let good = try await cli.run(["check"], environment: environment)
                #expect(good.status == 0, "\(good.output)\(good.error)")
                #expect(good.output.contains("✓ Meta access token accepted; WhatsApp number +1 555-010-0123 (Sandbox Coaching)"), "\(good.output)")
                #expect(good.output.contains("WhatsApp through: Meta's Cloud API"))
                #expect(!good.output.contains(MetaEmulator.accessToken) && !good.output.contains(MetaEmulator.appSecret))

                environment["META_ACCESS_TOKEN"] = "EAAGrevokedtoken"
                let refused = try await cli.run(["check"], environment: environment)
                #expect(refused.status == 1)
                #expect(refused.output.contains("Meta error 190") && refused.output.contains("META_ACCESS_TOKEN"), "\(refused.output)")

                environment["META_PHONE_NUMBER_ID"] = "+1 555 010 0123"
                let malformed = try await cli.run(["check"], environment: environment)
                #expect(malformed.status == 2 && malformed.error.contains("META_PHONE_NUMBER_ID"), "\(malformed.error)")
            }
        }
    }
}
