public import CalendarModel
public import Foundation

extension CalendarObject {
    /// The resource's text with `patch` applied to the event `id` (the single event, or one
    /// instance of a series: its override, made from the master when there is none yet). Every
    /// line the patch does not touch is written back as it was read. Nil when `id` names no event.
    public func applying(_ patch: EventPatch, to id: String, zone: TimeZone, now: Date = Date()) -> String? {
        ZoneNames.$defined.withValue(definedZones) { writing(patch, to: id, zone: zone, now: now) }
    }

    private func writing(_ patch: EventPatch, to id: String, zone: TimeZone, now: Date) -> String? {
        var calendar = calendar
        guard let index = componentIndex(for: id, zone: zone, in: &calendar) else { return nil }
        var event = calendar.components[index]
        if let summary = patch.summary { event.set("SUMMARY", ContentLine.escaped(summary)) }
        if let description = patch.description { event.set("DESCRIPTION", ContentLine.escaped(description)) }
        if let location = patch.location { event.set("LOCATION", ContentLine.escaped(location)) }
        if let colorID = patch.colorId { statuses.show(colorID, on: &event) }
        if let start = patch.start, let end = patch.end, let from = Self.line("DTSTART", start), let to = Self.line("DTEND", end) {
            event.replace("DTSTART", with: from)
            event.properties.removeAll { $0.name == "DURATION" }
            event.replace("DTEND", with: to)
            // A move is a significant change (RFC 5545 §3.8.7.4): calendar apps and invitees update.
            event.set("SEQUENCE", String((event.first("SEQUENCE").flatMap { Int($0.value) } ?? 0) + 1))
        }
        event.set("LAST-MODIFIED", ICalendarTime.utcText(now))
        event.set("DTSTAMP", ICalendarTime.utcText(now))
        calendar.components[index] = event
        return calendar.text + "\r\n"
    }

    /// Where the event `id` is among `calendar`'s components; an instance without an override gets
    /// one, copied from the master at the instance's time.
    func componentIndex(for id: String, zone: TimeZone, in calendar: inout ICalendarComponent) -> Int? {
        let events = calendar.components.indices.filter { calendar.components[$0].name == "VEVENT" }
        guard id != name else { return events.first { calendar.components[$0].first("RECURRENCE-ID") == nil } ?? events.first }
        guard id.hasPrefix(name + "_"), let original = ICalendarTime(String(id.dropFirst(name.count + 1)), parameters: [:],
                                                                     fallbackZone: zone)?.date
        else { return nil }
        if let found = events.first(where: {
            calendar.components[$0].first("RECURRENCE-ID").flatMap { ICalendarTime($0, fallbackZone: zone)?.date } == original
        }) { return found }
        guard let masterIndex = events.first(where: { calendar.components[$0].first("RRULE") != nil }) else { return nil }
        let master = calendar.components[masterIndex]
        guard Recurrence(master: master, zone: zone).starts(in: DateInterval(start: original, duration: 1)).contains(original),
              let start = master.first("DTSTART").flatMap({ ICalendarTime($0, fallbackZone: zone) }), let startDate = start.date
        else { return nil }
        let instanceZone = start.zone ?? zone
        let length = master.first("DTEND").flatMap { ICalendarTime($0, fallbackZone: zone)?.date }.map { $0.timeIntervalSince(startDate) }
            ?? master.first("DURATION").flatMap { ICalendarDuration.seconds($0.value) } ?? 3_600
        var override = ICalendarComponent(name: "VEVENT")
        override.properties = master.properties.filter { !["RRULE", "RDATE", "EXDATE", "DTSTART", "DTEND", "DURATION"].contains($0.name) }
        override.properties.append(Self.timeLine("RECURRENCE-ID", original, instanceZone))
        override.properties.append(Self.timeLine("DTSTART", original, instanceZone))
        override.properties.append(Self.timeLine("DTEND", original.addingTimeInterval(length), instanceZone))
        // The host's alarms (VALARM) go with each instance, overridden or not.
        override.components = master.components
        calendar.components.append(override)
        return calendar.components.count - 1
    }

    static func timeLine(_ name: String, _ date: Date, _ zone: TimeZone) -> ContentLine {
        zone.identifier == "UTC" || zone.identifier == "GMT"
            ? ContentLine(name: name, value: ICalendarTime.utcText(date))
            : ContentLine(name: name, parameters: ["TZID": zone.identifier], value: ICalendarTime.localText(date, in: zone))
    }

    /// `DTSTART`/`DTEND` for an `EventTime` (a time with its zone, or a whole day).
    static func line(_ name: String, _ time: EventTime) -> ContentLine? {
        if let date = time.date {
            return ContentLine(name: name, parameters: ["VALUE": "DATE"], value: date.replacingOccurrences(of: "-", with: ""))
        }
        guard let instant = time.instant else { return nil }
        return timeLine(name, instant, time.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!)
    }

    /// A new resource for a booked event: one `VEVENT` whose `UID` comes from the caller's id, so
    /// that the same booking written twice is the same event.
    public static func text(for event: NewEvent, now: Date = Date()) -> String? {
        guard let start = line("DTSTART", event.start), let end = line("DTEND", event.end) else { return nil }
        var vevent = ICalendarComponent(name: "VEVENT")
        vevent.properties = [
            ContentLine(name: "UID", value: "\(event.id)@gcal-whatsapp"),
            ContentLine(name: "DTSTAMP", value: ICalendarTime.utcText(now)), start, end,
            ContentLine(name: "SUMMARY", value: ContentLine.escaped(event.summary)),
        ]
        if let location = event.location { vevent.properties.append(ContentLine(name: "LOCATION", value: ContentLine.escaped(location))) }
        if let description = event.description {
            vevent.properties.append(ContentLine(name: "DESCRIPTION", value: ContentLine.escaped(description)))
        }
        var calendar = ICalendarComponent(name: "VCALENDAR")
        calendar.properties = [ContentLine(name: "VERSION", value: "2.0"), ContentLine(name: "PRODID", value: "-//gcal-whatsapp//EN")]
        calendar.components = [vevent]
        return calendar.text + "\r\n"
    }
}

extension ICalendarComponent {
    /// Sets the first `name` line to `value` (parameters dropped), or adds one.
    mutating func set(_ name: String, _ value: String) {
        replace(name, with: ContentLine(name: name, value: value))
    }

    mutating func replace(_ name: String, with line: ContentLine) {
        if let index = properties.firstIndex(where: { $0.name == name }) {
            properties[index] = line
        } else {
            properties.append(line)
        }
    }
}

extension StatusCategories {
    /// Shows status `colorID` on `event`: its category in place of any other status category, and
    /// `COLOR`. The host's own categories stay as written (escapes and parameters included), and
    /// the host's own colour is replaced only by a status.
    func show(_ colorID: String, on event: inout ICalendarComponent) {
        let ours = all
        var showedOurs = false
        var lines: [ContentLine] = []
        for line in event.properties {
            guard line.name == "CATEGORIES" else {
                lines.append(line)
                continue
            }
            let items = ContentLine.listItems(line.value)
            let kept = items.filter { !ours.contains(ContentLine(name: "X", value: $0).text.trimmingCharacters(in: .whitespaces)) }
            guard kept.count != items.count else {
                lines.append(line)
                continue
            }
            showedOurs = true
            if !kept.isEmpty { lines.append(ContentLine(name: "CATEGORIES", parameters: line.parameters, value: kept.joined(separator: ","))) }
        }
        event.properties = lines
        if let status = byColorID[colorID] {
            event.properties.removeAll { $0.name == "COLOR" }
            event.properties.append(ContentLine(name: "CATEGORIES", value: ContentLine.escaped(status.category)))
            event.properties.append(ContentLine(name: "COLOR", value: status.color))
        } else if showedOurs {
            event.properties.removeAll { $0.name == "COLOR" }
        }
    }
}

extension CalendarObject {
    /// The resource's text with the instance at `original` taken out of its series: an `EXDATE`
    /// on the master, and its override removed. Nil when the resource has no repeating master.
    public func excluding(_ original: Date, zone: TimeZone) -> String? {
        ZoneNames.$defined.withValue(definedZones) { withoutInstance(original, zone: zone) }
    }

    private func withoutInstance(_ original: Date, zone: TimeZone) -> String? {
        var calendar = calendar
        guard let masterIndex = calendar.components.firstIndex(where: { $0.name == "VEVENT" && $0.first("RRULE") != nil }) else { return nil }
        let master = calendar.components[masterIndex]
        let instanceZone = master.first("DTSTART").flatMap { ICalendarTime($0, fallbackZone: zone)?.zone } ?? zone
        var exdate = Self.timeLine("EXDATE", original, instanceZone)
        exdate.raw = nil
        calendar.components[masterIndex].properties.append(exdate)
        calendar.components.removeAll {
            $0.name == "VEVENT" && $0.first("RECURRENCE-ID").flatMap { ICalendarTime($0, fallbackZone: zone)?.date } == original
        }
        return calendar.text + "\r\n"
    }

    /// Whether the resource's events take time on the calendar (`TRANSP:TRANSPARENT` ones do not).
    public var blocksTime: Bool {
        events.first.map { $0.first("TRANSP")?.value.uppercased() != "TRANSPARENT" } ?? false
    }
}

