public import Foundation

/// An event as the Google emulator holds it; what tests and the sandbox read back.
public struct EmulatedEvent: Sendable, Equatable, Codable {
    public var id: String
    public var calendarID: String
    /// `confirmed`, or `cancelled` once deleted.
    public var status: String
    public var summary: String
    public var description: String?
    public var location: String?
    public var start: EmulatedTime
    public var end: EmulatedTime
    /// Bumped when start or end change, as Google does.
    public var sequence: Int
    /// Changes on every edit.
    public var etag: String
    public var created: Date
    public var updated: Date
    public var colorId: String?
    /// For an instance of a repeating event: the series' id, and the start the series gives it
    /// (kept when the instance alone is moved).
    public var recurringEventId: String?
    public var originalStart: EmulatedTime?

    public var isDeleted: Bool { status == "cancelled" }
}

/// When an event starts or ends: an instant shown in a time zone, or a whole day.
public enum EmulatedTime: Sendable, Equatable, Codable {
    case timed(Date, timeZone: String)
    /// `yyyy-MM-dd`; an all-day event's end is the day after its last day.
    case allDay(String)

    /// The instant this time stands for; whole days begin at midnight in `calendarTimeZone`.
    func instant(calendarTimeZone: String) -> Date {
        switch self {
        case .timed(let date, _):
            return date
        case .allDay(let day):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: calendarTimeZone) ?? .gmt
            let parts = day.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return .distantPast }
            return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) ?? .distantPast
        }
    }

    /// The day after an all-day date, for an event one day long.
    static func dayAfter(_ day: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let start = EmulatedTime.allDay(day).instant(calendarTimeZone: "UTC")
        let next = calendar.date(byAdding: .day, value: 1, to: start) ?? start
        return next.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }
}
