public import Foundation

/// DATE and DATE-TIME values (RFC 5545 §3.3.4, §3.3.5): UTC (`…Z`), local in a `TZID`, floating
/// (read in the calendar's zone), or a whole day.
public enum ICalendarTime: Sendable, Equatable {
    case instant(Date, zone: TimeZone)
    case day(year: Int, month: Int, day: Int)
    /// A local time in a `TZID` nothing explains (no known name, no `VTIMEZONE`): no instant can be
    /// told from it, and guessing UTC would tell an attendee the wrong hour (found by review).
    case unresolved(wallTime: String, tzid: String)

    /// Reads a `DTSTART`-like line; `fallbackZone` for floating times and `TZID`s no name or
    /// `VTIMEZONE` explains (`ZoneNames`).
    public init?(_ line: ContentLine, fallbackZone: TimeZone) {
        self.init(line.value, parameters: line.parameters, fallbackZone: fallbackZone)
    }

    public init?(_ value: String, parameters: [String: String], fallbackZone: TimeZone) {
        let digits = value.trimmingCharacters(in: .whitespaces)
        if parameters["VALUE"]?.uppercased() == "DATE" || digits.count == 8 {
            guard digits.count == 8, let year = Int(digits.prefix(4)), let month = Int(digits.dropFirst(4).prefix(2)),
                  let day = Int(digits.suffix(2)) else { return nil }
            self = .day(year: year, month: month, day: day)
            return
        }
        let isUTC = digits.hasSuffix("Z")
        if !isUTC, let tzid = parameters["TZID"], ZoneNames.zone(for: tzid) == nil {
            self = .unresolved(wallTime: digits, tzid: tzid)
            return
        }
        let zone = isUTC ? TimeZone(identifier: "UTC")! : parameters["TZID"].flatMap(ZoneNames.zone(for:)) ?? fallbackZone
        let body = isUTC ? String(digits.dropLast()) : digits
        let parts = body.split(separator: "T")
        guard parts.count == 2, parts[0].count == 8, parts[1].count == 6,
              let year = Int(parts[0].prefix(4)), let month = Int(parts[0].dropFirst(4).prefix(2)), let day = Int(parts[0].suffix(2)),
              let hour = Int(parts[1].prefix(2)), let minute = Int(parts[1].dropFirst(2).prefix(2)), let second = Int(parts[1].suffix(2))
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
        else { return nil }
        self = .instant(date, zone: zone)
    }

    /// `yyyyMMddTHHmmssZ`, as `time-range` and `RECURRENCE-ID` in UTC are written.
    public static func utcText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// The local wall time of `date` in `zone`, as `yyyyMMddTHHmmss` (for a `TZID` line).
    static func localText(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    public var date: Date? {
        if case .instant(let date, _) = self { date } else { nil }
    }

    public var zone: TimeZone? {
        if case .instant(_, let zone) = self { zone } else { nil }
    }
}

/// `FREEBUSY` periods of a `VFREEBUSY` answer (RFC 5545 §3.8.2.6): `start/end` or `start/duration`.
enum ICalendarFreeBusy {
    static func periods(in text: String) -> [DateInterval] {
        guard let calendar = ICalendarComponent.parse(text) else { return [] }
        let utc = TimeZone(identifier: "UTC")!
        var busy: [DateInterval] = []
        for component in calendar.components where component.name == "VFREEBUSY" {
            for line in component.all("FREEBUSY") where (line.parameters["FBTYPE"] ?? "BUSY").uppercased() != "FREE" {
                for period in line.value.split(separator: ",") {
                    let halves = period.split(separator: "/")
                    guard halves.count == 2, let start = ICalendarTime(String(halves[0]), parameters: [:], fallbackZone: utc)?.date
                    else { continue }
                    if let end = ICalendarTime(String(halves[1]), parameters: [:], fallbackZone: utc)?.date {
                        busy.append(DateInterval(start: start, end: max(start, end)))
                    } else if let length = ICalendarDuration.seconds(String(halves[1])) {
                        busy.append(DateInterval(start: start, duration: length))
                    }
                }
            }
        }
        return busy
    }
}

/// DURATION values (RFC 5545 §3.3.6): `PT1H30M`, `P1D`, `P2W`.
enum ICalendarDuration {
    static func seconds(_ text: String) -> TimeInterval? {
        var rest = Substring(text.uppercased())
        var sign = 1.0
        if rest.first == "-" { sign = -1; rest = rest.dropFirst() } else if rest.first == "+" { rest = rest.dropFirst() }
        guard rest.first == "P" else { return nil }
        rest = rest.dropFirst()
        var total = 0.0, number = "", inTime = false
        for character in rest {
            if character.isNumber { number.append(character); continue }
            if character == "T" { inTime = true; continue }
            guard let value = Double(number) else { return nil }
            number = ""
            switch (character, inTime) {
            case ("W", false): total += value * 7 * 86_400
            case ("D", false): total += value * 86_400
            case ("H", true): total += value * 3_600
            case ("M", true): total += value * 60
            case ("S", true): total += value
            default: return nil
            }
        }
        return number.isEmpty ? sign * total : nil
    }
}
