import Foundation
import TestSupport
import Testing
@testable import Notifier

/// `GET /calendar/{code}.ics` (DESIGN.md §18): RFC 5545 as calendar apps read it.
@Suite(.serialized)
struct CalendarFeedTests {
    @Test func theFeedFromTheListReplyParsesWithTheRightUIDsAndACancelledSessionMarked() async throws {
        try await ServiceWorld.run(["BUSINESS_NAME": "Asha, Yoga; Studio"]) { world in
            let kept = try await world.create("Yoga, level 2; mats \\ towels", inHours: 30, location: "Studio 2, 098765 43210")
            let dropped = try await world.create("Pilates", inHours: 50)
            try await world.pass()
            try await world.google.deleteEvent(dropped, in: ServiceWorld.calendar)
            try await world.pass()

            let url = world.baseURL.appendingPathComponent("webhooks/twilio/inbound")
            let answer = try await world.twilio.postInbound(from: ServiceWorld.attendee, body: "list", to: url)
            let feedURL = try #require(answer.body.firstMatch(of: #/Add them to your calendar: (\S+\.ics)/#).map { String($0.1) })
            let code = try #require(feedURL.split(separator: "/").last?.dropLast(4))
            #expect(code.count >= 20 && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })

            let feed = try await Browser.get(feedURL)
            #expect(feed.status == 200)
            #expect(feed.headers.first(name: "Content-Type") == "text/calendar; charset=utf-8")
            #expect(feed.headers.first(name: "Cache-Control")?.contains("max-age=") == true)
            #expect(feed.headers.first(name: "Cache-Control")?.hasPrefix("private") == true, "one person's sessions: no shared cache")
            #expect(feed.headers.first(name: "Set-Cookie") == nil, "no login, no session")
            let text = feed.body
            #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n") && text.hasSuffix("END:VCALENDAR\r\n"))
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
            for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "folded: \(line)") }
            #expect(text.contains("SUMMARY:Yoga\\, level 2\\; mats \\\\ towels"))
            #expect(text.contains("UID:\(kept)@google.com"))
            #expect(text.contains("UID:\(dropped)@google.com"))
            // Where, without the attendee's number; how to change it, with links that name them.
            let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
            #expect(unfolded.contains("LOCATION:Studio 2\r\n"), "\(unfolded)")
            #expect(!unfolded.contains("43210"), "no phone number in the feed")
            #expect(unfolded.contains("DESCRIPTION:Need to change it?\\nCancel: \(world.baseURL.absoluteString)/cancel/"))
            #expect(unfolded.contains("\\nReschedule: \(world.baseURL.absoluteString)/reschedule/"))
            #expect(unfolded.contains("URL:\(world.baseURL.absoluteString)/reschedule/"))

            // What a calendar app's parser makes of it.
            guard Python.hasICalendar else { return }
            let summary = try Python.run("""
                import sys, icalendar
                calendar = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
                for event in calendar.walk('VEVENT'):
                    print(event['UID'], event['STATUS'], event['SEQUENCE'], event.decoded('DTSTART').isoformat(), event['SUMMARY'], sep='|')
                """, try Self.write(text))
            let rows = summary.split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
            #expect(rows.count == 2)
            let yoga = try #require(rows.first { $0[0] == "\(kept)@google.com" })
            #expect(yoga[1] == "CONFIRMED" && yoga[4] == "Yoga, level 2; mats \\ towels")
            let pilates = try #require(rows.first { $0[0] == "\(dropped)@google.com" })
            #expect(pilates[1] == "CANCELLED")
        }
    }

    @Test func anUnknownCodeIsNotFound() async throws {
        try await ServiceWorld.run { world in
            let missing = try await Browser.get(world.baseURL.absoluteString + "/calendar/NoSuchFeedCode1234567890.ics")
            #expect(missing.status == 404)
        }
    }

    @Test func longLinesFoldBetweenCharacters() {
        let line = "SUMMARY:" + String(repeating: "é", count: 60)
        let folded = CalendarFeed.fold(line)
        for part in folded.components(separatedBy: "\r\n") {
            #expect(part.utf8.count <= 75)
        }
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
    }

    @Test func aRunOfCombiningMarksIsFoldedTooAndForbiddenCharactersAreDropped() {
        let line = "SUMMARY:" + CalendarFeed.escape("Zalgo a" + String(repeating: "\u{0301}", count: 60) + " tab\there\u{0B}\u{1B}[31m")
        let folded = CalendarFeed.fold(line)
        // Octets, not characters: one character here is 121 octets long.
        let physical = Array(folded.utf8).split(separator: 0x0A, omittingEmptySubsequences: false)
        for part in physical { #expect(part.count <= 76, "\(part.count) octets (with its CR)") }
        #expect(!folded.unicodeScalars.contains { $0.value == 0x0B || $0.value == 0x1B }, "vertical tab and escape are dropped")
        #expect(folded.contains("tab\there"), "a tab is allowed in TEXT")
        var unfolded: [UInt8] = []
        for byte in folded.utf8 {
            unfolded.append(byte)
            if unfolded.suffix(3) == [0x0D, 0x0A, 0x20] { unfolded.removeLast(3) }
        }
        #expect(unfolded == Array(line.utf8), "unfolding gives the line back")
    }

    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString).ics").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
