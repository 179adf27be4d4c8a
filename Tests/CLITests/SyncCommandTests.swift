import Emulators
import Foundation
import TestSupport
import Testing

/// `sync` for cron: one sync and one dispatch pass against the emulators, then exit.
@Suite(.serialized)
struct SyncCommandTests {
    @Test func syncSendsOnceAndExitsZeroThenReportsAFailureWithStatusOne() async throws {
        try await EmulatedCalendar.run { google, twilio, cli, environment in
            try await WebhookReceiver.run(port: Int(environment["HTTP_PORT"]!)!) { receiver in
                let start = Date().addingTimeInterval(86_400)
                try await google.createEvent(in: EmulatedCalendar.id, summary: "Yoga", start: start,
                                             end: start.addingTimeInterval(3_600), location: "+919876543210")
                let first = try await cli.run(["sync"], environment: environment)
                #expect(first.status == 0, "\(first.error)")
                #expect(first.output.contains("1 new notice; sent 1, failed 0, to retry 0"), "\(first.output)")
                #expect(try await cli.run(["sync"], environment: environment).output.contains("0 new notices; sent 0"))
                #expect(await twilio.messages().count == 1)

                await twilio.rejectNumber("+919812345678")
                try await google.createEvent(in: EmulatedCalendar.id, summary: "Pilates", start: start,
                                             end: start.addingTimeInterval(3_600), location: "+919812345678")
                let failing = try await cli.run(["sync", "--json"], environment: environment)
                #expect(failing.status == 1, "a refused message fails the run")
                let lines = failing.output.split(separator: "\n")
                #expect(lines.count == 1)
                let notice = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
                #expect(Set(notice?.keys.map { $0 } ?? []) == ["kind", "calendar", "event", "to", "start", "previous_start", "text"])
                #expect(notice?["kind"] as? String == "scheduled")
                #expect(notice?["to"] as? String == "+919812345678")
                let text = try #require(notice?["text"] as? String)
                #expect(text.hasPrefix("Your session \"Pilates\" is scheduled for "))
                #expect(text.contains("Cancel: \(environment["PUBLIC_BASE_URL"]!)/r/"), "the real short link it was sent with")
                await twilio.callbacksSettled()
                #expect(receiver.webhooks.contains { $0.path == "/webhooks/twilio/status" && $0.field("MessageStatus") == "delivered" },
                        "Twilio's status callbacks reach PUBLIC_BASE_URL")
            }
        }
    }
}
