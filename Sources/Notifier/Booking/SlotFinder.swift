public import Foundation

/// The free times a session of a given length can move to, or be booked at (DESIGN.md §18): from
/// `BOOKING_NOTICE` ahead to `BOOKING_DAYS_AHEAD` days, starting on `BOOKING_STEP` boundaries of
/// the local day, inside `BOOKING_HOURS` in the calendar's zone, overlapping nothing busy. Local
/// times that do not exist (skipped by a daylight-saving change) are not offered; a time that
/// exists twice is offered once, at its first instant.
public struct SlotFinder: Sendable {
    public let settings: BookingSettings
    public let hours: BookingHours
    public let zone: TimeZone

    public init(settings: BookingSettings, hours: BookingHours, zone: TimeZone) {
        self.settings = settings
        self.hours = hours
        self.zone = zone
    }

    /// The span to ask Google's free/busy about.
    public func searchRange(now: Date) -> (start: Date, end: Date) {
        (now, now.addingTimeInterval(Double(settings.daysAhead + 1) * 86_400))
    }

    /// Slots of `length`, in order; `busy` intervals are excluded (the session's own time is left
    /// out of them by the caller when moving it).
    public func slots(length: TimeInterval, busy: [DateInterval], now: Date) -> [Date] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let earliest = now.addingTimeInterval(seconds(settings.notice))
        let latest = now.addingTimeInterval(Double(settings.daysAhead) * 86_400)
        let step = Int(seconds(settings.step) / 60)
        var slots: [Date] = []
        var day = calendar.startOfDay(for: now)
        while day <= latest {
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            for window in hours.windows[parts.weekday ?? 0] ?? [] {
                var minute = (window.start + step - 1) / step * step
                while minute < window.end {
                    defer { minute += step }
                    guard let start = local(parts, minute: minute, in: calendar) else { continue }
                    let end = start.addingTimeInterval(length)
                    // The session must end within the window, by the clock on the wall.
                    guard let windowEnd = local(parts, minute: window.end, in: calendar, allowingNextDay: true), end <= windowEnd,
                          start >= earliest, start <= latest,
                          !busy.contains(where: { $0.start < end && start < $0.end })
                    else { continue }
                    if slots.last.map({ $0 < start }) ?? true { slots.append(start) }
                }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
        }
        return slots
    }

    /// The instant of `minute` past midnight on the day of `parts`, or nil when that local time
    /// does not exist (a spring-forward gap).
    func local(_ parts: DateComponents, minute: Int, in calendar: Calendar, allowingNextDay: Bool = false) -> Date? {
        var wanted = DateComponents(year: parts.year, month: parts.month, day: parts.day, hour: minute / 60, minute: minute % 60)
        if minute == 24 * 60, allowingNextDay {
            wanted.hour = 0
            guard let midnight = calendar.date(from: wanted) else { return nil }
            return calendar.date(byAdding: .day, value: 1, to: midnight)
        }
        guard let date = calendar.date(from: wanted) else { return nil }
        let back = calendar.dateComponents([.hour, .minute], from: date)
        return back.hour == wanted.hour && back.minute == wanted.minute ? date : nil
    }

    func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
