import Emulators
import Foundation
import TestSupport
import Testing

/// `sync --dry-run` run as an operator would, against the Google emulator over loopback.
@Suite(.serialized)
struct SyncDryRunTests {
    @Test func jsonLinesHaveExactlyTheDocumentedFieldsAndNothingIsWritten() async throws {
        try await EmulatedCalendar.run { google, _, cli, environment in
            let start = Date().addingTimeInterval(2 * 86_400)
            let id = try await google.createEvent(
                in: EmulatedCalendar.id, summary: "Coaching", start: start, end: start.addingTimeInterval(3_600),
                location: "098765 43210")
            for index in 0..<3 {
                let other = start.addingTimeInterval(Double(index + 1) * 3_600)
                try await google.createEvent(in: EmulatedCalendar.id, summary: "Session \(index)", start: other,
                                             end: other.addingTimeInterval(1_800), location: "+91 91234 5678\(index)")
            }
            try await google.createEvent(in: EmulatedCalendar.id, summary: "Lunch", start: start, end: start, location: "Cafe")
            let descriptionBefore = await google.event(id, in: EmulatedCalendar.id)?.description

            let result = try await cli.run(["sync", "--dry-run", "--json"], environment: environment)
            #expect(result.status == 0, "\(result.error)")
            let lines = result.output.split(separator: "\n")
            #expect(lines.count == 4)
            let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            for object in objects {
                #expect(Set(object.keys) == ["kind", "calendar", "event", "to", "start", "previous_start", "text"])
                #expect(object["previous_start"] is NSNull)
            }
            let coaching = try #require(objects.first { $0["event"] as? String == id })
            #expect(coaching["kind"] as? String == "scheduled")
            #expect(coaching["calendar"] as? String == EmulatedCalendar.id)
            #expect(coaching["to"] as? String == "+919876543210")
            let startText = try #require(coaching["start"] as? String)
            #expect(abs(try Date(startText, strategy: .iso8601).timeIntervalSince(start)) < 1)
            let text = try #require(coaching["text"] as? String)
            #expect(text.hasPrefix("Your session \"Coaching\" is scheduled for "))
            #expect(text.contains("(IST).\n\nNeed to change it?\nCancel: \(environment["PUBLIC_BASE_URL"]!)/r/…\nReschedule: "))
            #expect(lines.first?.hasPrefix("{\"kind\":") == true, "fields in the documented order")

            #expect(try !StoredData.exists(environment), "no database created")
            #expect(!FileManager.default.fileExists(atPath: cli.directory.path("data")))
            #expect(await google.event(id, in: EmulatedCalendar.id)?.description == descriptionBefore)
            let again = try await cli.run(["sync", "--dry-run", "--json"], environment: environment)
            #expect(again.output.split(separator: "\n").count == 4, "a dry run leaves everything to announce")
        }
    }

    @Test func readableReportWhenNotJSON() async throws {
        try await EmulatedCalendar.run { google, _, cli, environment in
            let start = Date().addingTimeInterval(86_400)
            try await google.createEvent(in: EmulatedCalendar.id, summary: "Yoga", start: start, end: start.addingTimeInterval(3_600),
                                         location: "wa.me/919876543210")
            let result = try await cli.run(["sync", "--dry-run"], environment: environment)
            #expect(result.status == 0, "\(result.error)")
            #expect(result.output.contains("scheduled → +919876543210"))
            #expect(result.output.contains("    Your session \"Yoga\" is scheduled for "))
            #expect(result.output.contains("1 message would be sent. (dry run: nothing was changed)"))
        }
    }

    @Test func aKeyGoogleDoesNotTrustIsAClearError() async throws {
        try await EmulatedCalendar.run { google, _, cli, environment in
            let keyPath = try await EmulatedCalendar.writeUntrustedKey(for: google, in: cli)
            var environment = environment
            environment["GOOGLE_SERVICE_ACCOUNT_FILE"] = keyPath
            let result = try await cli.run(["sync", "--dry-run"], environment: environment)
            #expect(result.status == 1)
            #expect(result.error.contains("Google refused the service account (400 invalid_grant)"), "\(result.error)")
        }
    }

    @Test func aGroupSessionShowsOneMessageForEachAttendeeAndASeriesOneInAll() async throws {
        try await EmulatedCalendar.run { google, _, cli, environment in
            let start = Date().addingTimeInterval(2 * 86_400)
            try await google.createEvent(in: EmulatedCalendar.id, summary: "Pilates class", start: start,
                                         end: start.addingTimeInterval(3_600), location: "+91 98765 43210, +44 7400 123456")
            try await google.createSeries(in: EmulatedCalendar.id, summary: "Weekly coaching", firstStart: start.addingTimeInterval(86_400),
                                          count: 10, location: "+1 415 555 2671")
            let result = try await cli.run(["sync", "--dry-run", "--json"], environment: environment)
            #expect(result.status == 0, "\(result.error)")
            let objects = try result.output.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            #expect(objects.compactMap { $0["to"] as? String }.sorted() == ["+14155552671", "+447400123456", "+919876543210"])
            let series = try #require(objects.first { $0["to"] as? String == "+14155552671" }?["text"] as? String)
            #expect(series.hasPrefix("Your repeating session \"Weekly coaching\" is scheduled. Next: "))
            for object in objects where object["to"] as? String != "+14155552671" {
                let text = try #require(object["text"] as? String)
                #expect(text.hasPrefix("Your session \"Pilates class\" is scheduled for "))
                #expect(!text.contains("Reschedule: "), "no reschedule link for a group")
            }
        }
    }
}
