import CalDAV
import CalendarModel
import ClientSupport
import Emulators
import Foundation
import Testing
@testable import Notifier

/// The paths for servers without `sync-collection` or `free-busy-query` (DESIGN.md §23), walked on
/// real servers that have both, with the source told not to use them.
@Suite(.serialized)
struct FallbackPathTests {
    @Test(arguments: CalDAVServer.Kind.allCases)
    func withoutSyncCollectionTheCtagAndAnEtagDiffGiveTheChanges(_ kind: CalDAVServer.Kind) async throws {
        guard let world = try await CalDAVSourceTests.world(kind) else { return }
        let traffic = CalDAVTraffic()
        let client = CalDAVClient(username: CalDAVServer.user, password: Secret(CalDAVServer.password), httpClient: .shared, traffic: traffic)
        var source = CalDAVCalendarSource(client: client, calendars: [world.calendar], statuses: CalDAVSourceTests.statuses, zone: .gmt)
        source.features.syncCollection = false
        let window = CalDAVSourceTests.window
        try await world.put("one.ics", CalDAVSourceTests.event(uid: "one", start: CalDAVSourceTests.tomorrowTen))
        let first = try await source.changes(calendarID: world.id, since: nil, window: window)
        #expect(first.events.map(\.id) == ["one.ics"])

        let ctagSupported = try await client.ctag(of: world.calendar) != nil
        traffic.reset()
        let quiet = try await source.changes(calendarID: world.id, since: first.cursor, window: window)
        #expect(quiet.events.isEmpty)
        print("\(kind): without sync-collection, \(ctagSupported ? "getctag" : "no getctag: the etags") answered a quiet poll in \(traffic.requests) request(s)")
        #expect(traffic.requests == (ctagSupported ? 1 : 2))

        try await world.put("two.ics", CalDAVSourceTests.event(uid: "two", start: CalDAVSourceTests.tomorrowTen.addingTimeInterval(7_200)))
        let added = try await source.changes(calendarID: world.id, since: quiet.cursor, window: window)
        #expect(added.events.map(\.id) == ["two.ics"], "only the new one is read")

        try await world.client.delete(at: world.calendar.appendingPathComponent("one.ics"))
        let removed = try await source.changes(calendarID: world.id, since: added.cursor, window: window)
        #expect(removed.events.map(\.id) == ["one.ics"] && removed.events.allSatisfy(\.isDeleted))
    }

    @Test(arguments: CalDAVServer.Kind.allCases)
    func withoutFreeBusyQueryBusyTimesAreComputedFromTheEvents(_ kind: CalDAVServer.Kind) async throws {
        guard let world = try await CalDAVSourceTests.world(kind) else { return }
        var source = world.source
        source.features.freeBusyQuery = false
        let start = CalDAVSourceTests.tomorrowTen
        try await world.put("busy.ics", CalDAVSourceTests.event(uid: "busy", start: start))
        try await world.put("free.ics", CalDAVSourceTests.event(uid: "free", start: start.addingTimeInterval(3 * 3_600), extra: "TRANSP:TRANSPARENT"))
        try await world.put("weekly.ics", CalDAVSourceTests.event(uid: "weekly", start: start.addingTimeInterval(-7 * 86_400 + 5 * 3_600),
                                                                  extra: "RRULE:FREQ=WEEKLY;COUNT=3"))
        let range = DateInterval(start: start.addingTimeInterval(-3_600), duration: 12 * 3_600)
        let busy = try await source.busyTimes(calendarID: world.id, in: range).sorted { $0.start < $1.start }
        #expect(busy.map(\.start) == [start, start.addingTimeInterval(5 * 3_600)], "the busy one and this week's instance; not the free one: \(busy)")
    }
}
