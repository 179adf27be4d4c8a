import Foundation

/// The starts of a repeating `VEVENT` (RFC 5545 §3.3.10, §3.8.5): `RRULE` with `FREQ` daily,
/// weekly (with `BYDAY`), monthly or yearly, `INTERVAL`, `COUNT` or `UNTIL`, plus `RDATE`, minus
/// `EXDATE`. Steps keep the wall-clock time in the event's zone across daylight-saving changes, as
/// calendar apps show a weekly 10:00 session. Rules beyond these parts are read as their `FREQ`
/// alone, and said so nowhere else: the host sees the instances in their own app.
struct Recurrence {
    let start: Date
    let zone: TimeZone
    let rule: [String: String]
    let exceptions: Set<Date>
    let additions: [Date]

    init(master: ICalendarComponent, zone fallback: TimeZone) {
        let dtstart = master.first("DTSTART").flatMap { ICalendarTime($0, fallbackZone: fallback) }
        zone = dtstart?.zone ?? fallback
        switch dtstart {
        case .instant(let date, _): start = date
        case .unresolved, nil: start = .distantPast
        case .day(let year, let month, let day):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = fallback
            start = calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? .distantPast
        }
        rule = Dictionary((master.first("RRULE")?.value ?? "").split(separator: ";").compactMap { part -> (String, String)? in
            let pair = part.split(separator: "=", maxSplits: 1)
            return pair.count == 2 ? (pair[0].uppercased(), String(pair[1])) : nil
        }, uniquingKeysWith: { first, _ in first })
        func dates(_ name: String) -> [Date] {
            master.all(name).flatMap { line in
                line.value.split(separator: ",").compactMap { ICalendarTime(String($0), parameters: line.parameters, fallbackZone: fallback)?.date }
            }
        }
        exceptions = Set(dates("EXDATE"))
        additions = dates("RDATE")
    }

    /// The starts within `window`, soonest first (at most a few thousand are looked at).
    func starts(in window: DateInterval) -> [Date] {
        guard start != .distantPast else { return [] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // Bounded by `isSupported`; clamped again so that no rule, however written, can overflow.
        let interval = min(max(1, Int(rule["INTERVAL"] ?? "1") ?? 1), Self.longestInterval)
        let count = rule["COUNT"].flatMap(Int.init).map { min(max(0, $0), Self.mostInstances) }
        let until = rule["UNTIL"].flatMap { ICalendarTime($0, parameters: [:], fallbackZone: zone) }
            .flatMap { time -> Date? in
                switch time {
                case .instant(let date, _): date
                case .day(let year, let month, let day): calendar.date(from: DateComponents(year: year, month: month, day: day + 1))
                case .unresolved: nil
                }
            }
        let weekdays = (rule["BYDAY"] ?? "").split(separator: ",").compactMap { Self.weekday(String($0)) }
        let day = calendar.component(.day, from: start), month = calendar.component(.month, from: start)
        // Weeks begin on WKST (Monday by default; Outlook writes SU): BYDAY picks days of DTSTART's
        // week, then of every INTERVAL-th week after it.
        let weekStart = rule["WKST"].flatMap { Self.weekday($0) } ?? 2
        let daysSinceWeekStart = (calendar.component(.weekday, from: start) - weekStart + 7) % 7
        let firstMonday = calendar.date(byAdding: .day, value: -daysSinceWeekStart, to: start) ?? start
        var found: [Date] = []
        var produced = 0
        var step = 0
        // Without COUNT, steps before the window are skipped at once (a daily series begun years
        // ago is not walked day by day); with COUNT each one counts, so it is walked.
        if count == nil, let frequency = Self.approximateSeconds[rule["FREQ"]?.uppercased() ?? ""], window.start > start {
            // The step's length is rounded up (31-day months, 366-day years), so the skip falls short
            // of the window rather than past it; the loop walks the rest.
            step = max(0, Int(min(window.start.timeIntervalSince(start) / (frequency * Double(interval)), 1e6)) - 2)
        }
        let limit = step + 5_000
        outer: while step < limit {
            let candidates: [Date]
            switch rule["FREQ"]?.uppercased() {
            case "DAILY": candidates = calendar.date(byAdding: .day, value: step * interval, to: start).map { [$0] } ?? []
            case "WEEKLY" where !weekdays.isEmpty:
                guard let monday = calendar.date(byAdding: .weekOfYear, value: step * interval, to: firstMonday) else { break outer }
                candidates = weekdays.compactMap { weekday in
                    calendar.date(byAdding: .day, value: (weekday - weekStart + 7) % 7, to: monday)
                }.sorted()
            case "WEEKLY": candidates = calendar.date(byAdding: .weekOfYear, value: step * interval, to: start).map { [$0] } ?? []
            case "MONTHLY" where rule["BYDAY"] != nil || rule["BYMONTHDAY"] != nil:
                candidates = monthDays(step * interval, calendar: calendar)
            // A month or year without DTSTART's day (the 31st, 29 February) has no instance (RFC 5545 §3.3.10).
            case "MONTHLY":
                candidates = calendar.date(byAdding: .month, value: step * interval, to: start)
                    .map { calendar.component(.day, from: $0) == day ? [$0] : [] } ?? []
            case "YEARLY":
                candidates = calendar.date(byAdding: .year, value: step * interval, to: start)
                    .map { calendar.component(.day, from: $0) == day && calendar.component(.month, from: $0) == month ? [$0] : [] } ?? []
            default: candidates = step == 0 ? [start] : []
            }
            if candidates.isEmpty, ["MONTHLY", "YEARLY"].contains(rule["FREQ"]?.uppercased() ?? "") {
                step += 1
                continue
            }
            if candidates.isEmpty { break }
            for candidate in candidates where candidate >= start {
                if let until, candidate > until { break outer }
                if let count, produced >= count { break outer }
                produced += 1
                if candidate > window.end { break outer }
                if window.contains(candidate), !exceptions.contains(candidate) { found.append(candidate) }
            }
            step += 1
        }
        found += additions.filter { window.contains($0) && !exceptions.contains($0) }
        return Array(Set(found)).sorted()
    }

    /// The starts in the month `offset` months after DTSTART's, at DTSTART's wall-clock time, that
    /// `BYMONTHDAY` (`2,15`, `-3`: from the end) and `BYDAY` (`TU`: every Tuesday, `2TU`, `-1FR`: the
    /// second Tuesday, the last Friday) pick (both given: days both pick), then `BYSETPOS` (`3`,
    /// `-2`) of those (RFC 5545 §3.3.10, the examples of §3.8.5.3).
    func monthDays(_ offset: Int, calendar: Calendar) -> [Date] {
        let first = calendar.dateComponents([.year, .month, .hour, .minute, .second], from: start)
        let months = (first.month! - 1) + offset
        let year = first.year! + months / 12, month = months % 12 + 1
        guard let monthStart = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
              let length = calendar.range(of: .day, in: .month, for: monthStart)?.count else { return [] }
        let firstWeekday = calendar.component(.weekday, from: monthStart)
        func weekday(of day: Int) -> Int { (firstWeekday - 1 + day - 1) % 7 + 1 }
        var days = Set(1...length)
        if let byMonthDay = rule["BYMONTHDAY"] {
            days = Set(byMonthDay.split(separator: ",").compactMap { Int($0) }.filter { (-31...31).contains($0) }.map { $0 < 0 ? length + 1 + $0 : $0 }.filter { (1...length).contains($0) })
        }
        if let byDay = rule["BYDAY"] {
            var picked = Set<Int>()
            for part in byDay.split(separator: ",") {
                guard let wanted = Self.weekday(String(part)) else { continue }
                let matching = (1...length).filter { weekday(of: $0) == wanted }
                if let ordinal = Int(part.dropLast(2)) {
                    guard (-5...5).contains(ordinal) else { continue }
                    let index = ordinal > 0 ? ordinal - 1 : matching.count + ordinal
                    if matching.indices.contains(index) { picked.insert(matching[index]) }
                } else {
                    picked.formUnion(matching)
                }
            }
            days.formIntersection(picked)
        }
        var chosen = days.sorted()
        if let bySetPos = rule["BYSETPOS"] {
            let all = chosen
            chosen = bySetPos.split(separator: ",").compactMap { Int($0) }.filter { (-366...366).contains($0) }.compactMap { position in
                let index = position > 0 ? position - 1 : all.count + position
                return all.indices.contains(index) ? all[index] : nil
            }.sorted()
        }
        return chosen.compactMap {
            calendar.date(from: DateComponents(year: year, month: month, day: $0, hour: first.hour, minute: first.minute, second: first.second))
        }
    }

    /// A step's length at least roughly, to skip ahead to the window.
    static let approximateSeconds: [String: Double] = ["DAILY": 86_400, "WEEKLY": 7 * 86_400, "MONTHLY": 31 * 86_400, "YEARLY": 366 * 86_400]

    /// Rules beyond these are not expanded: no real session repeats every 1,000 periods, and
    /// bounds keep the arithmetic far from overflow whatever a calendar holds.
    static let longestInterval = 1_000
    static let mostInstances = 100_000

    /// Rule parts this reader does not expand; a series using one is not announced (wrong dates
    /// would be worse), and the README says so.
    static let unsupportedParts: Set<String> = ["BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYHOUR", "BYMINUTE", "BYSECOND"]
    static let supportedFrequencies: Set<String> = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]

    /// Whether the rule uses only what `starts(in:)` expands: FREQ, INTERVAL, COUNT, UNTIL, WKST
    /// (Monday only); BYDAY without ordinals with a weekly FREQ; BYDAY (with or without ordinals),
    /// BYMONTHDAY and BYSETPOS with a monthly FREQ.
    var isSupported: Bool {
        guard rule.keys.allSatisfy({ !Self.unsupportedParts.contains($0) }) else { return false }
        let frequency = rule["FREQ"]?.uppercased()
        guard let frequency, Self.supportedFrequencies.contains(frequency) else { return false }
        if let wkst = rule["WKST"], Self.weekday(wkst) == nil || wkst.count != 2 { return false }
        if let interval = rule["INTERVAL"], !(Int(interval).map { (1...Self.longestInterval).contains($0) } ?? false) { return false }
        if let count = rule["COUNT"], !(Int(count).map { (1...Self.mostInstances).contains($0) } ?? false) { return false }
        if frequency == "MONTHLY" {
            guard rule["BYSETPOS"] == nil || rule["BYDAY"] != nil || rule["BYMONTHDAY"] != nil else { return false }
            return (rule["BYDAY"] ?? "").split(separator: ",").allSatisfy { Self.weekday(String($0)) != nil && ($0.count == 2 || Int($0.dropLast(2)).map { (-5...5).contains($0) && $0 != 0 } == true) }
                && (rule["BYMONTHDAY"] ?? "").split(separator: ",").allSatisfy { Int($0).map { (-31...31).contains($0) && $0 != 0 } ?? false }
                && (rule["BYSETPOS"] ?? "").split(separator: ",").allSatisfy { Int($0).map { (-366...366).contains($0) && $0 != 0 } ?? false }
        }
        guard rule["BYMONTHDAY"] == nil, rule["BYSETPOS"] == nil else { return false }
        guard let byday = rule["BYDAY"] else { return true }
        return frequency == "WEEKLY" && byday.split(separator: ",").allSatisfy { $0.count == 2 }
    }

    /// `MO` … `SU` (an ordinal such as `1MO` is read as the weekday alone) → Foundation's 1 (Sunday) … 7.
    static func weekday(_ text: String) -> Int? {
        ["SU": 1, "MO": 2, "TU": 3, "WE": 4, "TH": 5, "FR": 6, "SA": 7][String(text.suffix(2)).uppercased()]
    }
}

/// The status the service shows on a CalDAV event (DESIGN.md §23): a category per status
/// ("WhatsApp delivered", "WhatsApp failed", "WhatsApp confirmed") and `COLOR` (RFC 7986) for the
/// apps that show one. The rules speak Google's colour ids (`SUCCESS_COLOR_ID`…); this maps them.
public struct StatusCategories: Sendable {
    /// colour id → (category, CSS colour name).
    let byColorID: [String: (category: String, color: String)]

    public init(success: String, failure: String, confirmed: String) {
        byColorID = [
            success: ("WhatsApp delivered", Self.cssName(success, default: "green")),
            failure: ("WhatsApp failed", Self.cssName(failure, default: "red")),
            confirmed: ("WhatsApp confirmed", Self.cssName(confirmed, default: "blue")),
        ]
    }

    /// Every category this service writes; others on the event are the host's and stay.
    public var all: Set<String> { Set(byColorID.values.map(\.category)) }

    /// The category that shows colour `id`, if it is one of the three.
    public func category(for id: String) -> String? { byColorID[id]?.category }

    /// The colour id whose category the event carries, if any.
    public func colorID(in categories: [String]) -> String? {
        let present = Set(categories.map { $0.trimmingCharacters(in: .whitespaces) })
        return byColorID.first { present.contains($0.value.category) }?.key
    }

    /// Google's event colours by id, as CSS3 names (RFC 7986 `COLOR` takes those).
    static func cssName(_ id: String, default fallback: String) -> String {
        ["1": "lavender", "2": "darkseagreen", "3": "purple", "4": "salmon", "5": "gold", "6": "orange", "7": "deepskyblue",
         "8": "gray", "9": "royalblue", "10": "green", "11": "red"][id] ?? fallback
    }
}
