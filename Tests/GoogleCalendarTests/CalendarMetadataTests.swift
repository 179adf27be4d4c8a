import Emulators
import Foundation
import GoogleCalendar
import Testing

@Suite("Colours and calendars")
struct CalendarMetadataTests {
    @Test("event colours map ids to background colours")
    func colors() async throws {
        try await GoogleTestbed.run { testbed in
            let colors = try await testbed.client.colors()
            #expect(colors.count == 11)
            #expect(colors["10"] == "#51b749")
            #expect(colors["11"] == "#dc2127")
        }
    }

    @Test("a calendar reports its own time zone")
    func calendarTimeZone() async throws {
        try await GoogleTestbed.run { testbed in
            #expect(try await testbed.client.calendar(id: GoogleTestbed.calendarID).timeZone == "Asia/Kolkata")
            await testbed.google.addCalendar("coach@example.com", timeZone: "America/New_York")
            let info = try await testbed.client.calendar(id: "coach@example.com")
            #expect(info.id == "coach@example.com")
            #expect(info.timeZone == "America/New_York")
        }
    }

    @Test("an unknown calendar is a 404")
    func unknownCalendar() async throws {
        try await GoogleTestbed.run { testbed in
            let error = await #expect(throws: GoogleAPIError.self) {
                try await testbed.client.calendar(id: "nobody@example.com")
            }
            #expect(error == .api(status: 404, reason: "notFound", message: "Not Found"))
            await #expect(throws: GoogleAPIError.self) {
                try await testbed.client.listAllEvents(calendarID: "nobody@example.com", query: GoogleTestbed.fullSync)
            }
        }
    }
}
