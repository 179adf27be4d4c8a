public import CalendarModel
public import Foundation

/// One calendar object resource read as events (RFC 5545): its `VEVENT`s (a master, maybe
/// repeating, and overrides with `RECURRENCE-ID`) become the instances the rules see, with the same
/// shape as Google's `singleEvents=true` listing (DESIGN.md §16): each instance has its own id
/// (`{name}_{yyyyMMddTHHmmssZ}` of its original start), the series' id, and its original start.
public struct CalendarObject: Sendable {
    /// The resource's file name in its collection (`abc.ics`): the event id of a single event.
    public var name: String
    public var etag: String?
    public var calendar: ICalendarComponent
    let statuses: StatusCategories
    /// Zones this object's `VTIMEZONE`s define for names of their own (read only while reading it).
    let definedZones: [String: TimeZone]

    public init?(name: String, etag: String?, text: String, statuses: StatusCategories) {
        guard let calendar = ICalendarComponent.parse(text), calendar.name == "VCALENDAR" else { return nil }
        definedZones = ZoneNames.definitions(in: calendar)
        self.name = name
        self.etag = etag
        self.calendar = calendar
        self.statuses = statuses
    }

    var events: [ICalendarComponent] { calendar.components.filter { $0.name == "VEVENT" } }

    /// The events of this resource starting in `window`, repeating ones expanded; `zone` reads
    /// floating times. A resource without a readable start gives one event without a start (the
    /// rules then say why nothing is sent).
    public func instances(in window: DateInterval, zone: TimeZone) -> [CalendarEvent] {
        ZoneNames.$defined.withValue(definedZones) { expand(in: window, zone: zone) }
    }

    private func expand(in window: DateInterval, zone: TimeZone) -> [CalendarEvent] {
        let events = events
        guard let master = events.first(where: { $0.first("RECURRENCE-ID") == nil }) ?? events.first else { return [] }
        // A start in a zone nothing explains: one event, which the rules refuse with the reason.
        let unresolved = if case .unresolved? = master.first("DTSTART").flatMap({ ICalendarTime($0, fallbackZone: zone) }) { true } else { false }
        guard master.first("RRULE") != nil, !unresolved else {
            return [event(from: master, id: name, zone: zone)]
        }
        let overrides = Dictionary(events.compactMap { event -> (Date, ICalendarComponent)? in
            guard let line = event.first("RECURRENCE-ID"), let date = ICalendarTime(line, fallbackZone: zone)?.date else { return nil }
            return (date, event)
        }, uniquingKeysWith: { first, _ in first })
        let recurrence = Recurrence(master: master, zone: zone)
        // A rule this reader cannot expand gives no sessions rather than wrong dates.
        guard recurrence.isSupported else { return [] }
        var instances: [CalendarEvent] = []
        for start in recurrence.starts(in: window) {
            let id = "\(name)_\(ICalendarTime.utcText(start))"
            var instance = overrides[start].map { event(from: $0, id: id, zone: zone) } ?? event(from: master, id: id, zone: zone, movedTo: start)
            instance.recurringEventId = name
            instance.originalStartTime = EventTime(dateTime: RFC3339.string(from: start))
            instances.append(instance)
        }
        // An override moved into the window from an original start outside it is an instance too.
        for (original, override) in overrides where !window.contains(original) {
            var instance = event(from: override, id: "\(name)_\(ICalendarTime.utcText(original))", zone: zone)
            guard let start = instance.start?.instant, window.contains(start) else { continue }
            instance.recurringEventId = name
            instance.originalStartTime = EventTime(dateTime: RFC3339.string(from: original))
            instances.append(instance)
        }
        return instances
    }

    /// `component` as the rules read an event; `movedTo` shifts a master to one of its instances.
    func event(from component: ICalendarComponent, id: String, zone: TimeZone, movedTo instanceStart: Date? = nil) -> CalendarEvent {
        let start = component.first("DTSTART").flatMap { ICalendarTime($0, fallbackZone: zone) }
        var end = component.first("DTEND").flatMap { ICalendarTime($0, fallbackZone: zone) }
        if end == nil, let startDate = start?.date, let length = component.first("DURATION").flatMap({ ICalendarDuration.seconds($0.value) }) {
            end = .instant(startDate.addingTimeInterval(length), zone: start?.zone ?? zone)
        }
        var startTime = start.map(Self.eventTime)
        var endTime = end.map(Self.eventTime)
        if let instanceStart, let startDate = start?.date, let startZone = start?.zone {
            let length = end?.date.map { $0.timeIntervalSince(startDate) } ?? 3_600
            startTime = Self.eventTime(.instant(instanceStart, zone: startZone))
            endTime = Self.eventTime(.instant(instanceStart.addingTimeInterval(length), zone: startZone))
        }
        let categories = component.all("CATEGORIES").flatMap { ContentLine.listItems($0.value).map { ContentLine(name: "X", value: $0).text } }
        return CalendarEvent(
            id: id, status: component.first("STATUS")?.value.uppercased() == "CANCELLED" ? "cancelled" : "confirmed",
            summary: component.first("SUMMARY")?.text, description: component.first("DESCRIPTION")?.text,
            location: component.first("LOCATION")?.text, start: startTime, end: endTime,
            sequence: component.first("SEQUENCE").flatMap { Int($0.value) }, etag: etag,
            // LAST-MODIFIED, else DTSTAMP (which apps that write no LAST-MODIFIED renew on each save):
            // the rules tell an instance the host moved after a series was announced by it.
            updated: (component.first("LAST-MODIFIED") ?? component.first("DTSTAMP"))
                .flatMap { ICalendarTime($0, fallbackZone: zone)?.date }.map(RFC3339.string(from:)),
            colorId: statuses.colorID(in: categories),
            iCalUID: component.first("UID")?.value)
    }

    static func eventTime(_ time: ICalendarTime) -> EventTime {
        switch time {
        case .instant(let date, let zone):
            EventTime(dateTime: date.formatted(Date.ISO8601FormatStyle(timeZone: zone)), timeZone: zone.identifier)
        case .day(let year, let month, let day):
            EventTime(date: String(format: "%04d-%02d-%02d", year, month, day))
        case .unresolved(let wall, let tzid):
            // Written with the zone's own name: the rules refuse it ("the time zone … is unknown").
            EventTime(dateTime: wall.count == 15 ? "\(wall.prefix(4))-\(wall.dropFirst(4).prefix(2))-\(wall.dropFirst(6).prefix(2))T\(wall.dropFirst(9).prefix(2)):\(wall.dropFirst(11).prefix(2)):\(wall.suffix(2))Z" : wall,
                      timeZone: tzid)
        }
    }
}
