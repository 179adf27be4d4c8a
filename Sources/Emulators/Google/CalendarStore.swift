import Foundation

/// The calendars and events the Google emulator serves, with a change counter that sync
/// tokens point into.
actor CalendarStore {
    struct CalendarState {
        var timeZone: String
        /// Bumped to invalidate every sync token issued so far.
        var tokenGeneration = 0
        var events: [String: StoredEvent] = [:]
    }

    struct StoredEvent {
        var event: EmulatedEvent
        /// The value of the change counter at the event's last change.
        var change: Int
    }

    static let defaultTimeZone = "Asia/Kolkata"
    /// Google's etags look like microsecond timestamps; this one only has to change.
    private static let etagBase = 3_467_712_739_022_000

    let pageSize: Int
    var calendars: [String: CalendarState] = [:]
    var change = 0
    var syncPoints: [String: SyncPoint] = [:]
    var cursors: [String: PageCursor] = [:]

    /// Told which calendar changed, after each change (push notifications).
    private let onChange: @Sendable (String) -> Void

    init(pageSize: Int, onChange: @escaping @Sendable (String) -> Void = { _ in }) {
        self.pageSize = max(1, pageSize)
        self.onChange = onChange
    }

    func addCalendar(_ id: String, timeZone: String) {
        if calendars[id] == nil {
            calendars[id] = CalendarState(timeZone: timeZone)
        } else {
            calendars[id]?.timeZone = timeZone
        }
    }

    /// A connected account's own calendar, made (in UTC) the first time the account signs in.
    func ensureCalendar(_ id: String) {
        if calendars[id] == nil { calendars[id] = CalendarState(timeZone: "UTC") }
    }

    func calendar(_ id: String) throws(GoogleErrorReply) -> CalendarState {
        guard let calendar = calendars[id] else { throw .notFound() }
        return calendar
    }

    func event(_ id: String, in calendarID: String) throws(GoogleErrorReply) -> EmulatedEvent {
        guard let stored = try calendar(calendarID).events[id] else { throw .notFound() }
        return stored.event
    }

    /// Adds a new event and returns its Google-like id.
    func insert(
        into calendarID: String, id chosen: String? = nil, summary: String, start: EmulatedTime, end: EmulatedTime,
        location: String?, description: String?
    ) throws(GoogleErrorReply) -> String {
        let existing = try calendar(calendarID)
        // A client may choose the id (base32hex, 5 to 1024 characters); taken ones are `409`.
        if let chosen {
            guard (5...1024).contains(chosen.count), chosen.allSatisfy({ "0123456789abcdefghijklmnopqrstuv".contains($0) }) else {
                throw .badRequest("Invalid resource id value.", reason: "invalid")
            }
            guard existing.events[chosen] == nil else { throw .duplicate() }
        }
        change += 1
        let now = Date()
        let id = chosen ?? RandomText.base32hex(count: 26)
        let event = EmulatedEvent(
            id: id, calendarID: calendarID, status: "confirmed", summary: summary, description: description,
            location: location, start: start, end: end, sequence: 0, etag: etag(), created: now, updated: now
        )
        calendars[calendarID]?.events[id] = StoredEvent(event: event, change: change)
        onChange(calendarID)
        return id
    }

    /// Adds the instances of a repeating event, as Google lists them with `singleEvents=true`: ids
    /// `<series>_<start in UTC as YYYYMMDDTHHMMSSZ>`, each with `recurringEventId` and
    /// `originalStartTime`. Returns the series id.
    func insertSeries(
        into calendarID: String, seriesID: String? = nil, summary: String, starts: [Date], duration: TimeInterval,
        timeZone: String, location: String?, description: String?
    ) throws(GoogleErrorReply) -> String {
        _ = try calendar(calendarID)
        let series = seriesID ?? RandomText.base32hex(count: 26)
        let now = Date()
        for start in starts {
            change += 1
            let id = "\(series)_\(Self.instanceStamp(start))"
            let event = EmulatedEvent(
                id: id, calendarID: calendarID, status: "confirmed", summary: summary, description: description,
                location: location, start: .timed(start, timeZone: timeZone), end: .timed(start + duration, timeZone: timeZone),
                sequence: 0, etag: etag(), created: now, updated: now, recurringEventId: series,
                originalStart: .timed(start, timeZone: timeZone))
            calendars[calendarID]?.events[id] = StoredEvent(event: event, change: change)
        }
        onChange(calendarID)
        return series
    }

    /// The instances of series `seriesID` still on, in order.
    func instances(of seriesID: String, in calendarID: String) -> [EmulatedEvent] {
        events(in: calendarID).filter { $0.recurringEventId == seriesID && !$0.isDeleted }
            .sorted { $0.start.instant(calendarTimeZone: "UTC") < $1.start.instant(calendarTimeZone: "UTC") }
    }

    /// `20261208T093000Z`: how Google names an occurrence of a series in an instance's id.
    static func instanceStamp(_ start: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: start)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// Applies an edit as one change: new etag and `updated`, `sequence` bumped when the times move.
    @discardableResult
    func edit(
        _ id: String, in calendarID: String, allowDeleted: Bool = false, ifMatch: String? = nil,
        _ apply: @Sendable (inout EmulatedEvent) -> Void
    ) throws(GoogleErrorReply) -> EmulatedEvent {
        var event = try event(id, in: calendarID)
        if event.isDeleted && !allowDeleted { throw .deleted() }
        if let ifMatch, ifMatch != "*", ifMatch != event.etag { throw .conditionNotMet() }
        let before = event
        apply(&event)
        if event.start != before.start || event.end != before.end { event.sequence += 1 }
        self.change += 1
        event.etag = etag()
        event.updated = Date()
        calendars[calendarID]?.events[id] = StoredEvent(event: event, change: self.change)
        onChange(calendarID)
        return event
    }

    /// Marks an event cancelled, as Google keeps deleted events for incremental sync.
    func delete(_ id: String, in calendarID: String, ifMatch: String? = nil) throws(GoogleErrorReply) {
        try edit(id, in: calendarID, ifMatch: ifMatch) { $0.status = "cancelled" }
    }

    /// Makes every sync token of the calendar answer `410`, as Google does when tokens expire.
    func invalidateSyncTokens(of calendarID: String) throws(GoogleErrorReply) {
        _ = try calendar(calendarID)
        calendars[calendarID]?.tokenGeneration += 1
    }

    private func etag() -> String {
        "\"\(Self.etagBase + change)\""
    }
}

extension CalendarStore {
    /// Puts back events from an earlier run (the sandbox's `--data`), ids, etags and times as they
    /// were, each as one new change; events of calendars this store does not hold are left out.
    func restore(_ events: [EmulatedEvent]) {
        for event in events where calendars[event.calendarID] != nil {
            change += 1
            calendars[event.calendarID]?.events[event.id] = StoredEvent(event: event, change: change)
        }
        for calendarID in Set(events.map(\.calendarID)) { onChange(calendarID) }
    }

    func events(in calendarID: String) -> [EmulatedEvent] {
        (calendars[calendarID]?.events.values.map(\.event) ?? []).sorted { $0.created < $1.created }
    }
}
