import Foundation

/// Free/busy answers kept for a short while per calendar (issue 26): every view of a booking page
/// asked Google again (200 views, 200 calls in 5 s, against a quota of about 600 a minute). Pages
/// may show an answer up to `maxAge` old; a booking or a move always asks afresh inside the
/// calendar's lock, and forgets what was kept once it has written.
public actor BusyTimesCache {
    public static let maxAge: TimeInterval = 30

    private var kept: [String: (range: DateInterval, busy: [DateInterval], at: Date)] = [:]

    public init() {}

    /// The kept answer for `calendarID` when it is fresh and covers `range` (its last minute may
    /// fall outside: the window slides with the clock, and a post checks again anyway).
    func busy(calendarID: String, covering range: DateInterval, now: Date) -> [DateInterval]? {
        guard let entry = kept[calendarID], now.timeIntervalSince(entry.at) < Self.maxAge, now >= entry.at,
              entry.range.start <= range.start, entry.range.end >= range.end.addingTimeInterval(-60)
        else { return nil }
        return entry.busy
    }

    func keep(_ busy: [DateInterval], calendarID: String, range: DateInterval, now: Date) {
        kept[calendarID] = (range, busy, now)
    }

    func forget(_ calendarID: String) {
        kept[calendarID] = nil
    }
}
