import CalendarModel
import Emulators
import Foundation
import GoogleCalendar
import Testing

@Suite("Listing events")
struct EventListingTests {
    let calendarID = GoogleTestbed.calendarID

    @Test("a full sync follows every page and only the last one has a sync token")
    func fullSyncFollowsPages() async throws {
        try await GoogleTestbed.run(pageSize: 3) { testbed in
            var ids: [String] = []
            for hour in 1...7 {
                ids.append(try await testbed.createSession("Session \(hour)", inHours: Double(hour)))
            }
            try await testbed.google.createEvent(
                in: calendarID, summary: "Too far ahead", start: Date().addingTimeInterval(90 * 86400),
                end: Date().addingTimeInterval(90 * 86400 + 3600)
            )
            let first = try await testbed.client.listEvents(calendarID: calendarID, query: GoogleTestbed.fullSync)
            #expect(first.items.count == 3)
            #expect(first.nextPageToken != nil)
            #expect(first.nextSyncToken == nil)
            #expect(first.timeZone == "Asia/Kolkata")

            let listing = try await testbed.client.listAllEvents(calendarID: calendarID, query: GoogleTestbed.fullSync)
            #expect(listing.events.map(\.id) == ids, "in start order, the event outside the window left out")
            #expect(listing.timeZone == "Asia/Kolkata")
            let session = try #require(listing.events.first)
            #expect(session.summary == "Session 1")
            #expect(session.location == "+91 98765 43210")
            #expect(session.start?.timeZone == "Asia/Kolkata")
            #expect(session.start?.dateTime?.hasSuffix("+05:30") == true)
            #expect(session.sequence == 0)
            #expect(await testbed.google.requestCounts.api == 1 + 3)
        }
    }

    @Test("all-day events come with a date and no time")
    func allDayEvents() async throws {
        try await GoogleTestbed.run { testbed in
            let day = Date().addingTimeInterval(2 * 86400).formatted(.iso8601.year().month().day())
            let id = try await testbed.google.createAllDayEvent(in: calendarID, summary: "Team offsite", day: day)
            let listing = try await testbed.client.listAllEvents(calendarID: calendarID, query: GoogleTestbed.fullSync)
            let event = try #require(listing.events.first { $0.id == id })
            #expect(event.start == EventTime(date: day))
            #expect(event.start?.instant == nil)
        }
    }

    @Test("an incremental sync returns moves, renames, deletions and events outside the window")
    func incrementalSync() async throws {
        try await GoogleTestbed.run { testbed in
            let moved = try await testbed.createSession("Moved", inHours: 2)
            let renamed = try await testbed.createSession("Renamed", inHours: 3)
            let deleted = try await testbed.createSession("Deleted", inHours: 4)
            try await testbed.createSession("Untouched", inHours: 5)
            let full = try await testbed.client.listAllEvents(calendarID: calendarID, query: GoogleTestbed.fullSync)
            #expect(full.events.count == 4)

            let newStart = Date().addingTimeInterval(26 * 3600)
            try await testbed.google.moveEvent(moved, in: calendarID, start: newStart, end: newStart.addingTimeInterval(3600))
            try await testbed.google.renameEvent(renamed, in: calendarID, to: "Cancelled: Renamed")
            try await testbed.google.deleteEvent(deleted, in: calendarID)
            let faraway = try await testbed.createSession("Far away", inHours: 24 * 90)

            let changes = try await testbed.client.listAllEvents(
                calendarID: calendarID, query: .incremental(syncToken: full.nextSyncToken))
            #expect(changes.events.map(\.id) == [moved, renamed, deleted, faraway])
            let byID = Dictionary(uniqueKeysWithValues: changes.events.map { ($0.id, $0) })
            #expect(byID[moved]?.sequence == 1)
            #expect(byID[moved]?.start?.instant.map { abs($0.timeIntervalSince(newStart)) < 1 } == true)
            #expect(byID[renamed]?.summary == "Cancelled: Renamed")
            #expect(byID[renamed]?.sequence == 0)
            let gone = try #require(byID[deleted])
            #expect(gone.isDeleted)
            #expect(gone.summary == nil && gone.start == nil && gone.location == nil)

            let quiet = try await testbed.client.listAllEvents(
                calendarID: calendarID, query: .incremental(syncToken: changes.nextSyncToken))
            #expect(quiet.events.isEmpty)
        }
    }

    @Test("a full sync with showDeleted includes deleted events as cancelled")
    func fullSyncShowsDeleted() async throws {
        try await GoogleTestbed.run { testbed in
            let id = try await testbed.createSession("Deleted", inHours: 2)
            try await testbed.google.deleteEvent(id, in: calendarID)
            let listing = try await testbed.client.listAllEvents(calendarID: calendarID, query: GoogleTestbed.fullSync)
            #expect(listing.events.map(\.id) == [id])
            #expect(listing.events.first?.isDeleted == true)
        }
    }

    @Test("an invalidated sync token answers 410 fullSyncRequired")
    func invalidatedTokenAnswers410() async throws {
        try await GoogleTestbed.run { testbed in
            let full = try await testbed.client.listAllEvents(calendarID: calendarID, query: GoogleTestbed.fullSync)
            try await testbed.google.invalidateSyncTokens(of: calendarID)
            let error = await #expect(throws: GoogleAPIError.self) {
                try await testbed.client.listAllEvents(calendarID: calendarID, query: .incremental(syncToken: full.nextSyncToken))
            }
            #expect(error?.isFullSyncRequired == true)
            #expect(error == .api(status: 410, reason: "fullSyncRequired", message: "Sync token is no longer valid, a full sync is required."))
            #expect(await testbed.google.requestCounts.api == 2, "a 410 is not retried")
        }
    }

    @Test("calendar ids with @ and # are sent as encoded path segments")
    func awkwardCalendarIDs() async throws {
        try await GoogleTestbed.run { testbed in
            let calendar = "c_team#1/2@group.calendar.google.com"
            await testbed.google.addCalendar(calendar, timeZone: "Europe/London")
            let id = try await testbed.google.createEvent(
                in: calendar, summary: "Team", start: Date().addingTimeInterval(3600), end: Date().addingTimeInterval(7200))
            let listing = try await testbed.client.listAllEvents(calendarID: calendar, query: GoogleTestbed.fullSync)
            #expect(listing.events.map(\.id) == [id])
            #expect(try await testbed.client.event(calendarID: calendar, eventID: id).summary == "Team")
            #expect(try await testbed.client.calendar(id: calendar).timeZone == "Europe/London")
        }
    }
}
