import CalendarModel
import ClientSupport
import Emulators
import Foundation
import GoogleCalendar
import TestSupport
import Testing

/// The emulator lists repeating events the way Google does with `singleEvents=true`.
@Suite("Repeating events in the emulator")
struct RecurringEventTests {
    static let calendar = "host@example.com"

    @Test("instances, an exception, a split and a deleted series, as Google lists them")
    func seriesAsGoogleListsThem() async throws {
        try await GoogleTestbed.run { testbed in
            let first = try #require(RFC3339.date(from: "2026-12-08T09:30:00Z"))
            let series = try await testbed.google.createSeries(in: Self.calendar, summary: "Weekly coaching", firstStart: first,
                                                               count: 4, location: "+91 98765 43210")
            let full = try await testbed.client.listAllEvents(calendarID: Self.calendar,
                                                              query: .full(timeMin: first - 86_400, timeMax: first + 60 * 86_400))
            #expect(full.events.map(\.id) == ["\(series)_20261208T093000Z", "\(series)_20261215T093000Z",
                                              "\(series)_20261222T093000Z", "\(series)_20261229T093000Z"])
            #expect(full.events.allSatisfy { $0.recurringEventId == series && $0.originalStartTime?.instant == $0.start?.instant })

            // One instance moved: an exception, same id, its original start kept.
            let moved = "\(series)_20261215T093000Z"
            try await testbed.google.moveEvent(moved, in: Self.calendar, start: first + 7 * 86_400 + 7_200, end: first + 7 * 86_400 + 10_800)
            // "This and following" from the third: those leave the series, a new one starts.
            let later = try await testbed.google.splitSeries(at: "\(series)_20261222T093000Z", in: Self.calendar,
                                                             newStart: first + 14 * 86_400 + 3_600)
            #expect(later == "\(series)_R20261222T103000")
            let changes = try await testbed.client.listAllEvents(calendarID: Self.calendar, query: .incremental(syncToken: full.nextSyncToken))
            let byID = Dictionary(uniqueKeysWithValues: changes.events.map { ($0.id, $0) })
            #expect(byID[moved]?.start?.instant == first + 7 * 86_400 + 7_200)
            #expect(byID[moved]?.originalStartTime?.instant == first + 7 * 86_400)
            #expect(byID["\(series)_20261222T093000Z"]?.isDeleted == true)
            #expect(byID["\(series)_20261222T093000Z"]?.recurringEventId == series)
            #expect(changes.events.filter { $0.recurringEventId == later }.count == 2)

            try await testbed.google.deleteSeries(later, in: Self.calendar)
            let gone = try await testbed.client.listAllEvents(calendarID: Self.calendar, query: .incremental(syncToken: changes.nextSyncToken))
            #expect(gone.events.count == 2 && gone.events.allSatisfy { $0.isDeleted && $0.recurringEventId == later })
        }
    }
}
