import Foundation

/// When attendees may book (`BOOKING_HOURS`), in the calendar's zone: per weekday, windows of
/// minutes since midnight, e.g. `Mon-Fri 09:00-17:00, Sat 10:00-13:00`.
public struct BookingHours: Sendable, Equatable {
    /// A window of one day: from `start` to `end`, minutes since local midnight.
    public struct Window: Sendable, Equatable {
        public var start: Int
        public var end: Int
    }

    /// Windows by weekday, 1 = Sunday … 7 = Saturday (as `Calendar` numbers them).
    public var windows: [Int: [Window]]

    static let dayNames = ["sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7]

    /// Parses `Mon-Fri 09:00-17:00, Sat 10:00-13:00`: comma-separated parts, each days (one, or a
    /// range, or several joined by `/`) then one or more `HH:MM-HH:MM` windows.
    public init(parsing text: String) throws(BookingHoursError) {
        windows = [:]
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !parts.isEmpty else { throw BookingHoursError("lists no days, e.g. Mon-Fri 09:00-17:00") }
        for part in parts {
            let words = part.split(separator: " ").map(String.init)
            guard words.count >= 2 else { throw BookingHoursError("\"\(part)\" needs days and hours, e.g. Mon-Fri 09:00-17:00") }
            let days = try Self.days(words[0], in: part)
            for word in words.dropFirst() {
                let window = try Self.window(word, in: part)
                for day in days {
                    if windows[day, default: []].contains(where: { $0.start < window.end && window.start < $0.end }) {
                        throw BookingHoursError("\"\(part)\" overlaps another window of the same day")
                    }
                    windows[day, default: []].append(window)
                    windows[day]?.sort { $0.start < $1.start }
                }
            }
        }
    }

    /// `Mon 09:00-17:00, …` day by day, for `check`.
    public var summary: String {
        let names = ["", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        return [2, 3, 4, 5, 6, 7, 1].compactMap { day -> String? in
            guard let list = windows[day], !list.isEmpty else { return nil }
            return names[day] + " " + list.map { "\(Self.clock($0.start))-\(Self.clock($0.end))" }.joined(separator: " ")
        }.joined(separator: ", ")
    }

    static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    static func days(_ text: String, in part: String) throws(BookingHoursError) -> [Int] {
        var days: [Int] = []
        for piece in text.lowercased().split(separator: "/") {
            let ends = piece.split(separator: "-").map { String($0.prefix(3)) }
            guard (1...2).contains(ends.count), let first = dayNames[ends[0]], let last = dayNames[ends.last!] else {
                throw BookingHoursError("\"\(part)\": \"\(text)\" is not a day or a range of days such as Mon-Fri")
            }
            // A range may wrap round the week end: Fri-Mon is Friday to Monday.
            var day = first
            while true {
                days.append(day)
                if day == last { break }
                day = day % 7 + 1
            }
        }
        return days
    }

    static func window(_ text: String, in part: String) throws(BookingHoursError) -> Window {
        let ends = text.split(separator: "-")
        guard ends.count == 2, let start = minutes(ends[0]), let end = minutes(ends[1]) else {
            throw BookingHoursError("\"\(part)\": \"\(text)\" is not a time range such as 09:00-17:00")
        }
        guard start < end else { throw BookingHoursError("\"\(part)\": \(text) ends before it starts") }
        return Window(start: start, end: end)
    }

    /// `09:00` → 540; `24:00` is the end of the day.
    static func minutes(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0...59).contains(minutes), (0...24).contains(hours), hours * 60 + minutes <= 24 * 60
        else { return nil }
        return hours * 60 + minutes
    }
}

public struct BookingHoursError: Error, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
