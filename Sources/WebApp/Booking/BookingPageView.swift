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
    /// The page's language, and its texts; `asked` is a `?lang=` the links carry on.
    var language: Language = .english
    var texts: MessageTemplates = .builtIn
    var asked: Language?

    /// `Kolkata time`, `New York time`, `UTC`: a zone as people name it, never `Etc/…`.
    static func name(of zone: TimeZone, language: Language = .english, texts: MessageTemplates = .builtIn) -> String {
        let identifier = zone.identifier
        if ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"].contains(identifier) { return "UTC" }
        if identifier.hasPrefix("Etc/") || !identifier.contains("/") {
            let seconds = zone.secondsFromGMT(), minutes = abs(seconds) / 60
            guard seconds != 0 else { return "UTC" }
            return "UTC" + (seconds < 0 ? "-" : "+") + String(format: "%02d:%02d", minutes / 60, minutes % 60)
        }
        let city = identifier.split(separator: "/").last.map { $0.replacingOccurrences(of: "_", with: " ") } ?? identifier
        return texts.text("slots.zone_city", ["city": city], in: language)
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
        Self.formatter(format, zone, language: language)
    }

    /// English keeps its 24-hour British forms; another language writes `format`'s parts its own
    /// way (`format` is then read as a skeleton: `EEE d MMM` → `ter., 8 de dez.`).
    static func formatter(_ format: String, _ zone: TimeZone, language: Language = .english) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.timeZone = zone
        if language == .english || format == "yyyy-MM-dd" {
            formatter.locale = Locale(identifier: "en_GB")
            formatter.dateFormat = format
        } else {
            formatter.locale = Locale(identifier: language.localeIdentifier)
            formatter.setLocalizedDateFormatFromTemplate(format.replacingOccurrences(of: "HH:mm", with: "Hmm"))
        }
        return formatter
    }

    /// `Tue 8 Dec, 11:00-12:00`.
    func span(_ start: Date, length: TimeInterval) -> String {
        Self.span(start, length: length, in: zone, language: language)
    }

    static func span(_ start: Date, length: TimeInterval, in zone: TimeZone, language: Language = .english) -> String {
        formatter("EEE d MMM, HH:mm", zone, language: language).string(from: start) + "-"
            + formatter("HH:mm", zone, language: language).string(from: start.addingTimeInterval(length))
    }

    /// `1 hour`, `45 minutes`, `1 hour 30 minutes`, in the page's language.
    static func length(_ seconds: TimeInterval, language: Language = .english, texts: MessageTemplates = .builtIn) -> String {
        let minutes = Int(seconds / 60), hours = minutes / 60, rest = minutes % 60
        let parts = [hours > 0 ? texts.text(hours == 1 ? "length.hour" : "length.hours", ["count": hours], in: language) : nil,
                     rest > 0 || hours == 0 ? texts.text("length.minutes", ["count": rest], in: language) : nil]
        return parts.compactMap { $0 }.joined(separator: " ")
    }

    private func link(day: String?, start: Date? = nil, zoneParameter: String?) -> String {
        var items: [URLQueryItem] = []
        if let day { items.append(URLQueryItem(name: "day", value: day)) }
        if let start { items.append(URLQueryItem(name: "start", value: RFC3339UTC.string(start))) }
        if let zoneParameter { items.append(URLQueryItem(name: "tz", value: zoneParameter)) }
        if let asked { items.append(URLQueryItem(name: "lang", value: asked.code)) }
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
        func text(_ key: String, _ values: [String: Any] = [:]) -> String { texts.text(key, values, in: language) }
        let heading = text(kind == .book ? "slots.book.title" : "slots.reschedule.title")
        var values: [String: Any] = [
            "title": heading,
            "heading": heading,
            "summary": session.summary.isEmpty ? text("slots.untitled") : session.summary,
            "length": Self.length(session.length, language: language, texts: texts),
            "zone": Self.name(of: zone, language: language, texts: texts),
            "zoneLine": text("slots.zone", ["zone": Self.name(of: zone, language: language, texts: texts)]),
            "otherZoneLabel": text("slots.other_zone", ["zone": Self.name(of: offer.zone, language: language, texts: texts)]),
            "myZoneNamed": text("slots.my_zone_named", ["zone": "{zone}"]),
            "zoneIdentifier": zone.identifier,
            "calendarZone": Self.name(of: offer.zone, language: language, texts: texts),
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
                    "label": text("slots.day_label", ["day": formatter("EEEE d MMMM").string(from: first), "count": entry.slots.count]),
                    "href": link(day: entry.key, zoneParameter: zoneParameter), "selected": entry.key == shown?.key]
        }
        values["dayKey"] = shown?.key
        if let shown {
            values["dayLabel"] = formatter("EEEE d MMMM").string(from: shown.slots[0])
            values["timesHeading"] = text("slots.times_on", ["day": formatter("EEEE d MMMM").string(from: shown.slots[0])])
            values["times"] = shown.slots.map { slot -> [String: Any] in
                ["label": formatter("HH:mm").string(from: slot), "href": link(day: shown.key, start: slot, zoneParameter: zoneParameter),
                 "chosen": slot == chosen]
            }
        }
        if let chosen {
            var confirm: [String: Any] = [
                "when": span(chosen, length: session.length), "value": RFC3339UTC.string(chosen), "confirm": confirmation,
                "action": path, "back": link(day: dayKey.string(from: chosen), zoneParameter: zoneParameter),
                "question": text(kind == .book ? "slots.book.question" : "slots.reschedule.question",
                                 ["summary": values["summary"]!, "when": span(chosen, length: session.length)]),
                "button": text(kind == .book ? "slots.book.button" : "slots.reschedule.button"),
            ]
            confirm["tz"] = zoneParameter
            if kind == .reschedule, chosen == session.start { confirm["unchanged"] = true }
            values["confirmStep"] = confirm
        }
        return values
    }
}
