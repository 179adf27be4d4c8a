import Foundation
import Testing
@testable import Notifier

/// Free slots (DESIGN.md §18): inside `BOOKING_HOURS` in the calendar's zone, on step
/// boundaries, clear of busy times, across daylight-saving changes.
struct SlotFinderTests {
    static let newYork = TimeZone(identifier: "America/New_York")!

    static func date(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    static func finder(_ hours: String, days: Int = 7, notice: Duration = .seconds(3_600), step: Duration = .seconds(1_800),
                       zone: TimeZone = newYork) throws -> SlotFinder {
        SlotFinder(settings: BookingSettings(hours: nil, daysAhead: days, notice: notice, step: step),
                   hours: try BookingHours(parsing: hours), zone: zone)
    }

    /// Local `HH:mm` of each slot, for reading the expectations.
    static func clock(_ slots: [Date], _ zone: TimeZone = newYork) -> [String] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEE HH:mm"
        return slots.map(formatter.string(from:))
    }

    @Test func theSpringForwardGapIsNotOffered() throws {
        // 14 March 2027: New York's clocks go from 02:00 to 03:00.
        let slots = try Self.finder("Sun 01:00-04:00").slots(length: 1_800, busy: [], now: Self.date("2027-03-10T12:00:00Z"))
        #expect(Self.clock(slots) == ["Sun 01:00", "Sun 01:30", "Sun 03:00", "Sun 03:30"])
        // A 30-minute session at 01:30 ends at 03:00 by the clock, within the window.
        #expect(slots[1].addingTimeInterval(1_800) == slots[2])
    }

    @Test func theRepeatedHourOfFallBackIsOfferedOnce() throws {
        // 7 November 2027: 01:00-02:00 happens twice in New York.
        let slots = try Self.finder("Sun 00:30-02:30").slots(length: 1_800, busy: [], now: Self.date("2027-11-03T12:00:00Z"))
        #expect(Self.clock(slots) == ["Sun 00:30", "Sun 01:00", "Sun 01:30", "Sun 02:00"])
        #expect(Set(slots).count == slots.count)
    }

    @Test func busyTimesNoticeAndHoursAreRespected() throws {
        let now = Self.date("2026-12-07T13:00:00Z")  // Monday 08:00 in New York
        let busy = [DateInterval(start: Self.date("2026-12-07T15:00:00Z"), end: Self.date("2026-12-07T16:00:00Z"))]  // 10:00-11:00
        let slots = try Self.finder("Mon 09:00-12:00, Tue 09:00-10:00", days: 2, notice: .seconds(7_200))
            .slots(length: 3_600, busy: busy, now: now)
        // Monday 09:00 and 09:30 are within two hours' notice, 10:00 is busy; 11:00-12:00 fits.
        #expect(Self.clock(slots) == ["Mon 11:00", "Tue 09:00"])
    }

    @Test func theSessionsOwnTimeIsFreeForItself() {
        let own = DateInterval(start: Self.date("2026-12-07T15:00:00Z"), duration: 3_600)
        let merged = [DateInterval(start: Self.date("2026-12-07T14:00:00Z"), end: Self.date("2026-12-07T17:00:00Z"))]
        #expect(BookingDesk.subtract(own, from: merged) == [
            DateInterval(start: Self.date("2026-12-07T14:00:00Z"), end: Self.date("2026-12-07T15:00:00Z")),
            DateInterval(start: Self.date("2026-12-07T16:00:00Z"), end: Self.date("2026-12-07T17:00:00Z")),
        ])
    }

    @Test func bookingHoursParse() throws {
        let hours = try BookingHours(parsing: "Mon-Fri 09:00-17:00, Sat 10:00-13:00 14:00-16:00, Sun/Wed 20:00-24:00")
        #expect(hours.windows[2] == [.init(start: 540, end: 1_020)])
        #expect(hours.windows[7] == [.init(start: 600, end: 780), .init(start: 840, end: 960)])
        #expect(hours.windows[1] == [.init(start: 1_200, end: 1_440)])
        #expect(hours.windows[4]?.count == 2, "Wednesday has its weekday window and the evening one")
        #expect(try BookingHours(parsing: "Fri-Mon 10:00-11:00").windows.keys.sorted() == [1, 2, 6, 7], "a range may wrap the week end")
    }

    @Test(arguments: [
        ("Mon-Fri 9-17", "is not a time range"), ("Funday 09:00-10:00", "is not a day"), ("Mon 17:00-09:00", "ends before it starts"),
        ("Mon", "needs days and hours"), ("Mon 09:00-12:00, Mon 11:00-13:00", "overlaps"), ("Mon 09:00-25:00", "is not a time range"),
    ])
    func badBookingHoursAreClearErrors(text: String, problem: String) {
        #expect {
            try BookingHours(parsing: text)
        } throws: { error in
            (error as? BookingHoursError)?.description.contains(problem) == true
        }
    }
}
