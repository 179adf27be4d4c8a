import Foundation
import Synchronization

/// The zone a `TZID` names. Apple and Google write IANA names (`Europe/Berlin`); Outlook and
/// Exchange write Windows names (`W. Europe Standard Time`); older Mozilla clients a path ending in
/// one (`/mozilla.org/20050126_1/Europe/Berlin`); some servers a name of their own, defined only by
/// the object's `VTIMEZONE`. Reading any of these as UTC would tell an attendee the wrong hour, so
/// each is tried in turn, and a name known only from its `VTIMEZONE` is matched to the IANA zone
/// with the same offsets and daylight-saving month (else a fixed offset).
public enum ZoneNames {
    /// The zones the object being read defines for names of its own. Only that object's: Exchange
    /// calls every customised zone "Customized Time Zone", whatever its offsets (found by review).
    @TaskLocal static var defined: [String: TimeZone] = [:]

    public static func zone(for tzid: String) -> TimeZone? {
        let name = tzid.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        if let zone = TimeZone(identifier: name) { return zone }
        if let zone = WindowsZones.table[name].flatMap(TimeZone.init(identifier:)) { return zone }
        let parts = name.split(separator: "/")
        for count in stride(from: min(parts.count - 1, 3), through: 2, by: -1) {
            if let zone = TimeZone(identifier: parts.suffix(count).joined(separator: "/")) { return zone }
        }
        if let zone = defined[name] { return zone }
        return displayName(name)
    }

    /// The zone a `VCALENDAR` holding one `VTIMEZONE` defines (a collection's `calendar-timezone`).
    public static func zone(inDefinition text: String) -> TimeZone? {
        guard let calendar = ICalendarComponent.parse(text),
              let definition = calendar.components.first(where: { $0.name == "VTIMEZONE" }) ?? (calendar.name == "VTIMEZONE" ? calendar : nil),
              let tzid = definition.first("TZID")?.value else { return nil }
        return zone(for: tzid) ?? matching(definition)
    }

    /// The zones `calendar`'s `VTIMEZONE`s define for names not otherwise known.
    static func definitions(in calendar: ICalendarComponent) -> [String: TimeZone] {
        var found: [String: TimeZone] = [:]
        for definition in calendar.components where definition.name == "VTIMEZONE" {
            guard let tzid = definition.first("TZID")?.value, zone(for: tzid) == nil, let matched = matchingOnce(definition) else { continue }
            found[tzid.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))] = matched
        }
        return found
    }

    /// Matches already made, by the definition's text: matching scans every known zone, and a
    /// calendar from Exchange repeats the same definition in each of its events. The same text
    /// always means the same zone, so, unlike a name, it may be shared across objects.
    private static let matched = Mutex<[String: TimeZone]>([:])

    static func matchingOnce(_ definition: ICalendarComponent) -> TimeZone? {
        let key = definition.text
        if let known = matched.withLock({ $0[key] }) { return known }
        guard let zone = matching(definition) else { return nil }
        matched.withLock { cache in
            if cache.count > 1_000 { cache.removeAll() }
            cache[key] = zone
        }
        return zone
    }

    /// Outlook's display names, `(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna`: the
    /// first city that names an IANA zone, else the offset fixed (right outside daylight saving).
    static func displayName(_ name: String) -> TimeZone? {
        guard name.hasPrefix("(UTC"), let close = name.firstIndex(of: ")") else { return nil }
        let cities = name[name.index(after: close)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "_") }
        for city in cities where !city.isEmpty {
            if let identifier = TimeZone.knownTimeZoneIdentifiers.first(where: { $0.hasSuffix("/" + city) }) { return TimeZone(identifier: identifier) }
        }
        let offset = name.dropFirst(4).prefix { $0 != ")" }.replacingOccurrences(of: ":", with: "")
        if offset.isEmpty { return TimeZone(secondsFromGMT: 0) }
        return seconds(fromOffset: offset).flatMap { TimeZone(secondsFromGMT: $0) }
    }

    /// The IANA zone whose offsets in January and July, and whose daylight-saving start month,
    /// are those of `definition`'s `STANDARD` and `DAYLIGHT` parts; else the standard offset fixed.
    static func matching(_ definition: ICalendarComponent) -> TimeZone? {
        func offset(_ part: String) -> Int? {
            definition.components.first { $0.name == part }?.first("TZOFFSETTO").flatMap { seconds(fromOffset: $0.value) }
        }
        guard let standard = offset("STANDARD") ?? offset("DAYLIGHT") else { return nil }
        let daylight = offset("DAYLIGHT") ?? standard
        let daylightMonth = definition.components.first { $0.name == "DAYLIGHT" }.flatMap(startMonth)
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        let january = date(year, 1), july = date(year, 7)
        var candidates: [TimeZone] = []
        // CLDR's main zone for each Windows name first: `Europe/Berlin` rather than `Africa/Ceuta`.
        let main = Set(WindowsZones.table.values)
        for identifier in TimeZone.knownTimeZoneIdentifiers.sorted(by: { main.contains($0) && !main.contains($1) }) {
            guard let zone = TimeZone(identifier: identifier) else { continue }
            let offsets = (zone.secondsFromGMT(for: january), zone.secondsFromGMT(for: july))
            guard offsets == (standard, daylight) || offsets == (daylight, standard) else { continue }
            candidates.append(zone)
        }
        let sameMonth = candidates.first { zone in
            guard let daylightMonth, standard != daylight,
                  let change = zone.nextDaylightSavingTimeTransition(after: date(year, 1)) else { return false }
            let next = zone.isDaylightSavingTime(for: change) ? change : zone.nextDaylightSavingTimeTransition(after: change)
            return next.map { Calendar.utc.component(.month, from: $0) } == daylightMonth
        }
        return sameMonth ?? candidates.first ?? TimeZone(secondsFromGMT: standard)
    }

    /// `+0100`, `-0530`, `+013000` → seconds east of UTC.
    static func seconds(fromOffset text: String) -> Int? {
        let sign = text.hasPrefix("-") ? -1 : 1
        let digits = text.drop { $0 == "+" || $0 == "-" }
        guard digits.count == 4 || digits.count == 6, digits.allSatisfy(\.isNumber),
              let hours = Int(digits.prefix(2)), let minutes = Int(digits.dropFirst(2).prefix(2)) else { return nil }
        return sign * (hours * 3_600 + minutes * 60 + (digits.count == 6 ? Int(digits.suffix(2)) ?? 0 : 0))
    }

    /// The month a `DAYLIGHT` part begins: its `RRULE`'s `BYMONTH`, else its `DTSTART`'s.
    static func startMonth(_ part: ICalendarComponent) -> Int? {
        if let rule = part.first("RRULE")?.value,
           let byMonth = rule.split(separator: ";").first(where: { $0.uppercased().hasPrefix("BYMONTH=") }) {
            return Int(byMonth.dropFirst("BYMONTH=".count).split(separator: ",").first ?? "")
        }
        guard let start = part.first("DTSTART")?.value, start.count >= 6 else { return nil }
        return Int(start.dropFirst(4).prefix(2))
    }

    private static func date(_ year: Int, _ month: Int) -> Date {
        Calendar.utc.date(from: DateComponents(year: year, month: month, day: 15)) ?? Date()
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC.
    static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }
}

/// Windows zone names (`Pacific Standard Time`) → IANA zones; the table is generated.
enum WindowsZones {}
