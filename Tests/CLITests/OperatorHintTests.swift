import Emulators
import Foundation
import TestSupport
import Testing

/// What an operator sees when something is set up wrong: the failing calendar named, what to do
/// about it, and the rest of the work still done (issue 16).
@Suite(.serialized)
struct OperatorHintTests {
    @Test func aCalendarNotSharedIsNamedWithTheAccountToShareItWithAndTheOthersStillSync() async throws {
        try await EmulatedCalendar.run { google, twilio, cli, environment in
            try await WebhookReceiver.run(port: Int(environment["HTTP_PORT"]!)!) { _ in
                let start = Date().addingTimeInterval(86_400)
                try await google.createEvent(in: EmulatedCalendar.id, summary: "Yoga", start: start,
                                             end: start.addingTimeInterval(3_600), location: "+919876543210")
                var environment = environment
                environment["GOOGLE_CALENDAR_ID"] = "not-shared@example.com,\(EmulatedCalendar.id)"
                let key = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cli.directory.path("key.json"))))
                let email = try #require((key as? [String: Any])?["client_email"] as? String)

                let dryRun = try await cli.run(["sync", "--dry-run"], environment: environment)
                #expect(dryRun.status == 1)
                #expect(dryRun.output.contains("scheduled → +919876543210"), "the shared calendar is still planned")
                #expect(dryRun.error.contains("calendar not-shared@example.com: "), "\(dryRun.error)")
                #expect(dryRun.error.contains("Share the calendar with \(email) and give it \"Make changes to events\""))

                let sync = try await cli.run(["sync"], environment: environment)
                #expect(sync.status == 1)
                #expect(sync.error.contains("✗ calendar not-shared@example.com: "), "\(sync.error)")
                #expect(sync.error.contains("Share the calendar with \(email)"))
                #expect(!sync.error.contains("calendar \(EmulatedCalendar.id):"), "the shared calendar is not blamed")
                #expect(await twilio.messages().count == 1, "the shared calendar's session was announced")
            }
        }
    }

    @Test func wrongTwilioCredentialsSayWhatToCheckAndTheMessageWaitsInsteadOfFailing() async throws {
        try await EmulatedCalendar.run { google, twilio, cli, environment in
            try await WebhookReceiver.run(port: Int(environment["HTTP_PORT"]!)!) { _ in
                let start = Date().addingTimeInterval(86_400)
                let id = try await google.createEvent(in: EmulatedCalendar.id, summary: "Yoga", start: start,
                                                      end: start.addingTimeInterval(3_600), location: "+919876543210")
                var wrong = environment
                wrong["TWILIO_AUTH_TOKEN"] = String(repeating: "0", count: 32)
                let refused = try await cli.run(["sync"], environment: wrong)
                #expect(refused.status == 1)
                #expect(refused.error.contains("Twilio error 20003"), "\(refused.error)")
                #expect(refused.error.contains("check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"))
                #expect(await twilio.messages().isEmpty)
                #expect(await google.event(id, in: EmulatedCalendar.id)?.colorId != "11", "not marked failed: the message waits")
            }
        }
    }

    @Test func linkInspectReadsAShortLinkFromTheDatabase() async throws {
        try await EmulatedCalendar.run { google, twilio, cli, environment in
            try await WebhookReceiver.run(port: Int(environment["HTTP_PORT"]!)!) { _ in
                let start = Date().addingTimeInterval(86_400)
                let id = try await google.createEvent(in: EmulatedCalendar.id, summary: "Yoga", start: start,
                                                      end: start.addingTimeInterval(3_600), location: "+919876543210")
                #expect(try await cli.run(["sync"], environment: environment).status == 0)
                let body = try #require(await twilio.messages().first?.body)
                let line = try #require(body.split(separator: "\n").first { $0.hasPrefix("Cancel: ") })
                let link = String(line.dropFirst("Cancel: ".count))

                let inspected = try await cli.run(["link", "inspect", link], environment: environment)
                #expect(inspected.status == 0, "\(inspected.output) \(inspected.error)")
                #expect(inspected.output.contains("short:    /r/"))
                #expect(inspected.output.contains("action:   cancel"))
                #expect(inspected.output.contains("event:    \(id)"))

                let unknown = try await cli.run(["link", "inspect", "\(environment["PUBLIC_BASE_URL"]!)/r/NoSuchCode12"], environment: environment)
                #expect(unknown.status == 1)
                #expect(unknown.output.contains("unknown short link /r/NoSuchCode12"))
            }
        }
    }

    @Test func eachOutcomeIsLoggedOnceAnUndeliveredReportIncluded() async throws {
        try await EmulatedCalendar.run { google, twilio, cli, environment in
            var environment = environment
            environment["POLL_INTERVAL"] = "1s"
            await twilio.rejectNumber("+919812345678")
            await twilio.setOutcome(for: "+919876543210", .undelivered(code: 63024, message: "Invalid message recipient"))
            let serve = try RunningCommand(["serve"], environment: environment, in: cli.directory)
            _ = try await serve.servingPort()
            let start = Date().addingTimeInterval(86_400)
            let refused = try await google.createEvent(in: EmulatedCalendar.id, summary: "Pilates", start: start,
                                                       end: start.addingTimeInterval(3_600), location: "+919812345678")
            let undelivered = try await google.createEvent(in: EmulatedCalendar.id, summary: "Yoga", start: start,
                                                           end: start.addingTimeInterval(3_600), location: "+919876543210")
            for id in [refused, undelivered] {
                try await eventually("both events turn red") {
                    await google.event(id, in: EmulatedCalendar.id)?.colorId == "11" ? true : nil
                }
            }
            serve.signal(SIGTERM)
            #expect(await serve.exitStatus() == 0)
            let lines = serve.log.split(separator: "\n")
            #expect(lines.filter { $0.contains("21211") }.count == 1, "\(serve.log)")
            #expect(lines.filter { $0.contains("whatsapp message not delivered") && $0.contains("63024") }.count == 1, "\(serve.log)")
        }
    }

    @Test func withLogFormatJSONEveryLogLineIsAJSONObject() async throws {
        try await EmulatedCalendar.run { google, twilio, cli, environment in
            try await WebhookReceiver.run(port: Int(environment["HTTP_PORT"]!)!) { _ in
                await twilio.rejectNumber("+919812345678")
                let start = Date().addingTimeInterval(86_400)
                try await google.createEvent(in: EmulatedCalendar.id, summary: "Pilates", start: start,
                                             end: start.addingTimeInterval(3_600), location: "+919812345678")
                var environment = environment
                environment["LOG_FORMAT"] = "json"
                let run = try await cli.run(["sync"], environment: environment)
                #expect(run.status == 1)
                let logLines = run.error.split(separator: "\n").filter { $0.hasPrefix("{") }
                #expect(!logLines.isEmpty)
                for line in logLines {
                    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                    #expect(object?["time"] is String && object?["level"] is String && object?["message"] is String, "\(line)")
                }
                let failed = try #require(logLines.first { $0.contains("whatsapp message failed") })
                #expect(failed.contains("21211") && failed.contains("+91******5678") && !failed.contains("9812345678"))

                environment["LOG_FORMAT"] = "xml"
                let refused = try await cli.run(["sync"], environment: environment)
                #expect(refused.status == 2)
                #expect(refused.error.contains("LOG_FORMAT"))
            }
        }
    }
}
