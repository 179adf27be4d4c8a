import Emulators
import Foundation
import Testing

/// `sync` for cron: one sync and one dispatch pass against the emulators, then exit.
@Suite(.serialized)
struct SyncCommandTests {
    @Test func syncSendsOnceAndExitsZeroThenReportsAFailureWithStatusOne() async throws {
        try await EmulatedCalendar.run { google, twilio, cli, environment in
            let start = Date().addingTimeInterval(86_400)
            try await google.createEvent(in: EmulatedCalendar.id, summary: "Yoga", start: start,
                                         end: start.addingTimeInterval(3_600), location: "+919876543210")
            let first = try await cli.run(["sync"], environment: environment)
            #expect(first.status == 0, "\(first.error)")
            #expect(first.output.contains("1 new notice; sent 1, failed 0, to retry 0"))
            #expect(try await cli.run(["sync"], environment: environment).output.contains("0 new notices; sent 0"))
            #expect(await twilio.messages().count == 1)

            await twilio.rejectNumber("+919812345678")
            try await google.createEvent(in: EmulatedCalendar.id, summary: "Pilates", start: start,
                                         end: start.addingTimeInterval(3_600), location: "+919812345678")
            let failing = try await cli.run(["sync", "--json"], environment: environment)
            #expect(failing.status == 1)
            let report = try JSONSerialization.jsonObject(with: Data(failing.output.utf8)) as? [String: Any]
            #expect(report?["notices"] as? Int == 1)
            #expect(report?["failed"] as? Int == 1)
            #expect(report?["sent"] as? Int == 0)
        }
    }
}
