import Emulators
import Foundation
import TestSupport
import Testing

/// `check` and `backup` as an operator meets them (issue 24): unreachable services named with
/// their address and reason, misspelled keys named with the closest setting, the `.env` read,
/// why push is off, and a backup into a missing folder.
@Suite(.serialized)
struct OperatorToolTests {
    @Test func unreachableServicesAreNamedWithTheirAddressAndReason() async throws {
        try await EmulatedCalendar.run { _, _, cli, environment in
            var environment = environment
            // Held, not listening, for the whole test: a free port could be taken meanwhile.
            let refusing = try LoopbackPort.Refusing()
            defer { withExtendedLifetime(refusing) {} }
            let closed = "http://127.0.0.1:\(refusing.port)"
            environment["GOOGLE_CALENDAR_API_URL"] = closed
            environment["TWILIO_API_URL"] = closed
            let started = ContinuousClock.now
            let result = try await cli.run(["check"], environment: environment)
            #expect(result.status == 1)
            #expect(result.output.contains("✗ calendar host@example.com readable: cannot reach Google at \(closed): connection refused"),
                    "\(result.output)")
            #expect(result.output.contains("✗ Twilio credentials valid: cannot reach Twilio at \(closed): connection refused"))
            #expect(ContinuousClock.now - started < .seconds(30), "no minutes of silence")
        }
    }

    @Test func namesGivenThatAreNotSettingsAreNamedWithTheClosestOne() async throws {
        try await EmulatedCalendar.run { _, _, cli, environment in
            var dotEnv = environment
            dotEnv["TWILIO_ACOUNT_SID"] = "AC0123456789abcdef0123456789abcdef"
            var given = [String: String]()
            given["GOOGLE_CALENDER_ID"] = "typo@example.com"
            given["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
            let result = try await cli.run(["check"], environment: given,
                                           dotEnv: dotEnv.map { "\($0.key)=\($0.value)" }.joined(separator: "\n"))
            #expect(result.status == 0, "\(result.output)\(result.error)")
            #expect(result.output.contains("read: the environment, then \(cli.directory.path(".env"))"), "\(result.output)")
            #expect(result.output.contains("! TWILIO_ACOUNT_SID in \(cli.directory.path(".env")) is not a setting and is ignored; did you mean TWILIO_ACCOUNT_SID?"))
            #expect(result.output.contains("! GOOGLE_CALENDER_ID in the environment is not a setting and is ignored; did you mean GOOGLE_CALENDAR_ID?"))
            #expect(!result.output.contains("! PATH"), "other programs' variables are none of ours")
            #expect(result.output.contains("Google push off (push needs an https PUBLIC_BASE_URL, and \(environment["PUBLIC_BASE_URL"]!) is not one)"))
        }
    }

    @Test func aMisspelledRequiredKeyIsNamedEvenWhenTheConfigurationIsInvalid() async throws {
        try await EmulatedCalendar.run { _, _, cli, environment in
            var dotEnv = environment
            dotEnv["TWILIO_ACOUNT_SID"] = dotEnv.removeValue(forKey: "TWILIO_ACCOUNT_SID")
            let result = try await cli.run(["check"], environment: [:], dotEnv: dotEnv.map { "\($0.key)=\($0.value)" }.joined(separator: "\n"))
            #expect(result.status == 2)
            #expect(result.output.contains("did you mean TWILIO_ACCOUNT_SID?"), "\(result.output)\(result.error)")
        }
    }

    @Test func withoutADotEnvCheckSaysSo() async throws {
        try await EmulatedCalendar.run { _, _, cli, environment in
            let result = try await cli.run(["check"], environment: environment)
            #expect(result.output.contains("read: the environment only (no .env in "), "\(result.output)")
        }
    }

    @Test(.enabled(if: !TestStore.isPostgres, "SQLite's own backup; with DATABASE_URL `backup` points to pg_dump"))
    func aBackupIntoAMissingFolderNamesTheFolder() async throws {
        try await EmulatedCalendar.run { _, _, cli, environment in
            _ = try await cli.run(["sync"], environment: environment)
            let target = cli.directory.path("no/such/folder/copy.sqlite")
            let result = try await cli.run(["backup", target], environment: environment)
            #expect(result.status == 1)
            #expect(result.error.contains("the folder \(cli.directory.path("no/such/folder")) does not exist"), "\(result.error)")
        }
    }
}

/// `backup` names what is wrong with where it was asked to write, never a raw Foundation error.
struct BackupDestinationTests {
    @Test(.enabled(if: !TestStore.isPostgres, "SQLite's own backup; with DATABASE_URL `backup` points to pg_dump"))
    func oddDestinationsAreNamedPlainly() async throws {
        try await EmulatedCalendar.run { _, _, cli, environment in
            _ = try await cli.run(["sync"], environment: environment)
            try "x".write(toFile: cli.directory.path("afile"), atomically: true, encoding: .utf8)
            for (target, says) in [("", "give the backup a file name"), (cli.directory.path("afile/copy.sqlite"), "is a file, not a folder")] {
                let result = try await cli.run(["backup", target], environment: environment)
                #expect(result.status == 1)
                #expect(result.error.contains(says) && !result.error.contains("NSCocoaErrorDomain"), "\(target): \(result.error)")
            }
        }
    }
}
