import Foundation
import Notifier

/// What the booking pages show (issue 25): the session and its length, a row of days with free
/// times, the chosen day's times, and, once a time is picked, a confirm step. Every step but the
/// confirmation is a plain link (a `GET` changes nothing), so the pages work without JavaScript;
/// a script only offers to show the times in the zone the browser reports.
struct BookingPageView {
    enum Kind: String {
        case reschedule, book
    }

    let kind: Kind
    let offer: BookingDesk.Offer
    /// The zone times are shown in: the calendar's, or the attendee's own (`?tz=`).
    let zone: TimeZone
    let path: String
    let confirmation: String
    let feed: String?

    /// `Kolkata time`, `New York time`, `UTC`: a zone as people name it, never `Etc/…`.
    static func name(of zone: TimeZone) -> String {
        let identifier = zone.identifier
        if ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"].contains(identifier) { return "UTC" }
        if identifier.hasPrefix("Etc/") || !identifier.contains("/") {
            let seconds = zone.secondsFromGMT(), minutes = abs(seconds) / 60
            guard seconds != 0 else { return "UTC" }
            return "UTC" + (seconds < 0 ? "-" : "+") + String(format: "%02d:%02d", minutes / 60, minutes % 60)
        }
        let city = identifier.split(separator: "/").last.map { $0.replacingOccurrences(of: "_", with: " ") } ?? identifier
        return "\(city) time"
    }

    /// The zones a `?tz=` may name: the IANA names Foundation lists (some other names it accepts,
    /// such as "ACT" or "SystemV/AST4", cannot format a date and must never reach a formatter).
    static let knownZones = Set(TimeZone.knownTimeZoneIdentifiers)

    /// The zone a `?tz=` value names, if it is a known one.
    static func zone(named identifier: String?) -> TimeZone? {
        guard let identifier, identifier.count <= 64, knownZones.contains(identifier), let zone = TimeZone(identifier: identifier) else {
            return nil
        }
        return zone
    }

    func formatter(_ format: String) -> DateFormatter {
        Self.formatter(format, zone)
    }

    static func formatter(_ format: String, _ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter
    }

    /// `Tue 8 Dec, 11:00-12:00`.
    func span(_ start: Date, length: TimeInterval) -> String {
        Self.span(start, length: length, in: zone)
    }

    static func span(_ start: Date, length: TimeInterval, in zone: TimeZone) -> String {
        formatter("EEE d MMM, HH:mm", zone).string(from: start) + "-" + formatter("HH:mm", zone).string(from: start.addingTimeInterval(length))
    }

    /// `1 hour`, `45 minutes`, `1 hour 30 minutes`.
    static func length(_ seconds: TimeInterval) -> String {
        let minutes = Int(seconds / 60), hours = minutes / 60, rest = minutes % 60
        let parts = [hours > 0 ? "\(hours) hour\(hours == 1 ? "" : "s")" : nil, rest > 0 || hours == 0 ? "\(rest) minutes" : nil]
        return parts.compactMap { $0 }.joined(separator: " ")
    }

    private func link(day: String?, start: Date? = nil, zoneParameter: String?) -> String {
        var items: [URLQueryItem] = []
        if let day { items.append(URLQueryItem(name: "day", value: day)) }
        if let start { items.append(URLQueryItem(name: "start", value: RFC3339UTC.string(start))) }
        if let zoneParameter { items.append(URLQueryItem(name: "tz", value: zoneParameter)) }
        var components = URLComponents()
        components.path = path
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? path
    }

    /// The page's values: `day` picks the day shown (default: the first with free times),
    /// `chosen` a time to confirm, `note` a line on top (the time was just taken).
    func values(day: String?, chosen: Date?, note: String?, zoneParameter: String?) -> [String: Any] {
        let session = offer.session
        let dayKey = formatter("yyyy-MM-dd")
        var byDay: [(key: String, slots: [Date])] = []
        for slot in offer.slots {
            let key = dayKey.string(from: slot)
            if byDay.last?.key == key { byDay[byDay.count - 1].slots.append(slot) } else { byDay.append((key, [slot])) }
        }
        let shown = byDay.first { $0.key == day } ?? byDay.first
        var values: [String: Any] = [
            "title": kind == .book ? "Book a new time" : "Move your session",
            "heading": kind == .book ? "Book a new time" : "Move your session",
            "summary": session.summary.isEmpty ? "Your session" : session.summary,
            "length": Self.length(session.length),
            "zone": Self.name(of: zone),
            "zoneIdentifier": zone.identifier,
            "calendarZone": Self.name(of: offer.zone),
            "otherZone": zone.identifier != offer.zone.identifier,
            "calendarZoneLink": link(day: shown?.key, zoneParameter: nil),
            "zoneSwitch": path,
            "hasDays": !byDay.isEmpty,
        ]
        if kind == .reschedule { values["current"] = span(session.start, length: session.length) }
        values["note"] = note
        values["feed"] = feed
        values["subscribe"] = feed.map(AddToCalendar.webcal)
        values["days"] = byDay.map { entry -> [String: Any] in
            let first = entry.slots[0]
            return ["weekday": formatter("EEE").string(from: first), "date": formatter("d MMM").string(from: first),
                    "label": formatter("EEEE d MMMM").string(from: first), "count": entry.slots.count,
                    "href": link(day: entry.key, zoneParameter: zoneParameter), "selected": entry.key == shown?.key]
        }
        values["dayKey"] = shown?.key
        if let shown {
            values["dayLabel"] = formatter("EEEE d MMMM").string(from: shown.slots[0])
            values["times"] = shown.slots.map { slot -> [String: Any] in
                ["label": formatter("HH:mm").string(from: slot), "href": link(day: shown.key, start: slot, zoneParameter: zoneParameter),
                 "chosen": slot == chosen]
            }
        }
        if let chosen {
            var confirm: [String: Any] = [
                "when": span(chosen, length: session.length), "value": RFC3339UTC.string(chosen), "confirm": confirmation,
                "action": path, "back": link(day: dayKey.string(from: chosen), zoneParameter: zoneParameter),
                "question": kind == .book ? "Book \(values["summary"]!) on \(span(chosen, length: session.length))?"
                    : "Move your session to \(span(chosen, length: session.length))?",
                "button": kind == .book ? "Yes, book it" : "Yes, move it",
            ]
            confirm["tz"] = zoneParameter
            if kind == .reschedule, chosen == session.start { confirm["unchanged"] = true }
            values["confirmStep"] = confirm
        }
        return values
    }
}
