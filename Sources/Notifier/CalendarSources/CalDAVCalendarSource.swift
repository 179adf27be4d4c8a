import CalDAV
public import CalendarModel
public import Foundation

/// CalDAV calendars (iCloud, Fastmail, Nextcloud, Radicale, Xandikos…) as a `CalendarSource`
/// (DESIGN.md §23): changes through `sync-collection` with the server's token, or, on a server
/// without it, by comparing every resource's etag with those seen last; events from
/// `calendar-multiget`; repeating events expanded into instances shaped like Google's; status as a
/// category and `COLOR`; writes with `If-Match`, bookings with `If-None-Match: *`. No push: polled.
public struct CalDAVCalendarSource: CalendarSource {
    let client: CalDAVClient
    /// Each watched calendar's collection URL, by the calendar id the rules use (the URL itself).
    let collections: [String: URL]
    let statuses: StatusCategories
    /// Reads floating times, and shows times written in UTC, for calendars without a zone of their own.
    let zone: TimeZone
    /// Each calendar's own zone (`calendar-timezone`), where the server gives one.
    var zones: [String: TimeZone] = [:]
    let now: @Sendable () -> Date
    /// The server's optional REPORTs this source tries first; each falls back by itself when the
    /// server refuses it. Tests turn them off to walk the fallbacks on servers that have them.
    var features = Features()

    public struct Features: Sendable {
        /// RFC 6578 `sync-collection`; without it, `getctag` and an etag diff.
        public var syncCollection = true
        /// RFC 4791 `free-busy-query`; without it, free/busy computed from the events.
        public var freeBusyQuery = true
    }

    public init(client: CalDAVClient, calendars: [URL], statuses: StatusCategories, zone: TimeZone,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.client = client
        collections = Dictionary(calendars.map { ($0.absoluteString, $0) }, uniquingKeysWith: { first, _ in first })
        self.statuses = statuses
        self.zone = zone
        self.now = now
    }

    /// The watched collections' URLs: the calendar ids the rules use.
    public var calendarIDs: [String] { collections.keys.sorted() }

    // MARK: Changes

    public func changes(calendarID: String, since cursor: String?, previous: String?, window: DateInterval) async throws -> CalendarChanges {
        let collection = try url(of: calendarID)
        var state = cursor.flatMap(CalDAVCursor.init(text:)) ?? CalDAVCursor()
        // A full sync lists what is there, never what went: what the last sync knew tells it.
        let before = cursor == nil ? previous.flatMap(CalDAVCursor.init(text:)) : nil
        if let before { state.instances = before.instances }
        var changed: [String] = []
        var removed: [String] = []
        if features.syncCollection, cursor == nil || state.token != nil,
           let delta = try await syncReport(collection, token: cursor == nil ? nil : state.token) {
            changed = delta.changed.map(\.href)
            removed = delta.removed
            state.token = delta.token
            state.etags = nil
            state.ctag = nil
        } else {
            // No `sync-collection` here. The collection's ctag first (read before the listing, so a
            // change in between is seen next time): as it was, nothing changed; else every etag,
            // compared with those seen last.
            let ctag = try await client.ctag(of: collection)
            if cursor == nil || ctag == nil || ctag != state.ctag || state.etags == nil {
                let listed = try await client.etags(in: collection)
                var current: [String: String] = [:]
                for (href, etag) in listed { current[href] = etag ?? "" }
                let before = state.etags ?? [:]
                changed = current.keys.filter { cursor == nil || before[$0] != current[$0] }.sorted()
                removed = before.keys.filter { current[$0] == nil }.sorted()
                state.token = nil
                state.etags = current
                state.ctag = ctag
            }
        }
        var events: [CalendarEvent] = []
        for batch in stride(from: 0, to: changed.count, by: 200).map({ Array(changed[$0..<min($0 + 200, changed.count)]) }) {
            for resource in try await client.resources(in: collection, hrefs: batch) {
                let name = Self.name(of: resource.href)
                guard let object = CalendarObject(name: name, etag: resource.etag, text: resource.text, statuses: statuses) else { continue }
                let instances = shown(object.instances(in: window, zone: zone(of: calendarID)), calendarID: calendarID)
                events += instances
                // Instances that were there last time and are not now (an EXDATE, a shorter series) are cancelled.
                let ids = Set(instances.map(\.id))
                events += (state.instances[name] ?? []).filter { !ids.contains($0) }.map { CalendarEvent(id: $0, status: "cancelled") }
                state.instances[name] = instances.contains { $0.recurringEventId != nil } ? instances.map(\.id) : nil
            }
        }
        if let before, let known = before.hrefs {
            let listed = Set(changed)
            removed += known.filter { !listed.contains($0) }.sorted()
        }
        for href in removed {
            let name = Self.name(of: href)
            events.append(CalendarEvent(id: name, status: "cancelled"))
            events += (state.instances[name] ?? []).map { CalendarEvent(id: $0, status: "cancelled") }
            state.instances[name] = nil
        }
        // Every resource's path, so that the next full sync can tell which went meanwhile.
        var hrefs = Set(state.hrefs ?? [])
        hrefs.formUnion(changed)
        hrefs.subtract(removed)
        state.hrefs = hrefs.sorted()
        return CalendarChanges(events: events, cursor: state.text, timeZone: zones[calendarID]?.identifier)
    }

    /// `sync-collection` since `token` (nil: everything); nil when the server does not offer it.
    private func syncReport(_ collection: URL, token: String?) async throws -> CollectionChanges? {
        do {
            return try await client.changes(in: collection, since: token)
        } catch {
            guard token == nil, case .status(let status, _, _) = error, [400, 403, 405, 415, 501].contains(status) else { throw error }
            return nil
        }
    }

    // MARK: One event

    public func event(calendarID: String, eventID: String) async throws -> CalendarEvent {
        let (object, _) = try await object(calendarID: calendarID, eventID: eventID)
        return instance(eventID, of: object, calendarID: calendarID) ?? CalendarEvent(id: eventID, status: "cancelled")
    }

    private func object(calendarID: String, eventID: String) async throws -> (CalendarObject, URL) {
        let resourceURL = try url(of: calendarID).appendingPathComponent(Self.resourceName(of: eventID))
        let resource = try await client.resource(at: resourceURL)
        guard let object = CalendarObject(name: Self.resourceName(of: eventID), etag: resource.etag, text: resource.text, statuses: statuses)
        else { throw CalDAVError.invalidResponse("\(resourceURL.path) is not an iCalendar object") }
        return (object, resourceURL)
    }

    /// The event `id` of `object`: itself, or the instance at the start its id names.
    private func instance(_ id: String, of object: CalendarObject, calendarID: String) -> CalendarEvent? {
        let zone = zone(of: calendarID)
        guard let original = Self.instanceStart(of: id) else {
            // A single event's id on a resource the host has since made repeating names none of
            // its instances: that session is gone (its old link must not act on the series).
            return shown(object.instances(in: DateInterval(start: .distantPast, end: .distantFuture), zone: zone), calendarID: calendarID)
                .first { $0.id == id }
        }
        return shown(object.instances(in: DateInterval(start: original.addingTimeInterval(-366 * 86_400), duration: 2 * 366 * 86_400), zone: zone),
                     calendarID: calendarID)
            .first { $0.id == id }
    }

    // MARK: Writes

    public func update(calendarID: String, eventID: String, patch: EventPatch, ifMatch etag: String?) async throws -> CalendarEvent {
        let (object, resourceURL) = try await object(calendarID: calendarID, eventID: eventID)
        // The etag is the resource's: a change to any instance of a series changes it, as Google's would.
        if let etag, etag != object.etag { throw CalDAVError.status(412, method: "PUT", path: resourceURL.path) }
        guard let text = object.applying(patch, to: eventID, zone: zone(of: calendarID), now: now()) else {
            throw CalDAVError.status(404, method: "PUT", path: resourceURL.path)
        }
        let newTag = try await client.put(text, at: resourceURL, ifMatch: object.etag)
        let written = try await client.resource(at: resourceURL)
        guard let updated = CalendarObject(name: object.name, etag: newTag ?? written.etag, text: written.text, statuses: statuses),
              let event = instance(eventID, of: updated, calendarID: calendarID)
        else { throw CalDAVError.invalidResponse("\(resourceURL.path) unreadable after writing it") }
        return event
    }

    public func delete(calendarID: String, eventID: String, ifMatch etag: String?) async throws {
        let resourceURL = try url(of: calendarID).appendingPathComponent(Self.resourceName(of: eventID))
        guard let original = Self.instanceStart(of: eventID) else {
            // A single event's id: delete the resource only while it is still that single event,
            // never a series the host has made of it since (found by review).
            let object: CalendarObject
            do {
                object = try await self.object(calendarID: calendarID, eventID: eventID).0
            } catch {
                guard (error as? any CalendarSourceFailure)?.isGone == true else { throw error }
                return
            }
            guard instance(eventID, of: object, calendarID: calendarID) != nil else { return }
            return try await client.delete(at: resourceURL, ifMatch: etag ?? object.etag)
        }
        // One instance of a series: an EXDATE on the master, and its override gone.
        let (object, _) = try await object(calendarID: calendarID, eventID: eventID)
        if let etag, etag != object.etag { throw CalDAVError.status(412, method: "DELETE", path: resourceURL.path) }
        guard let text = object.excluding(original, zone: zone(of: calendarID)) else { return }
        try await client.put(text, at: resourceURL, ifMatch: object.etag)
    }

    public func busyTimes(calendarID: String, in range: DateInterval) async throws -> [DateInterval] {
        let collection = try url(of: calendarID)
        if features.freeBusyQuery, let busy = try await client.busyTimes(in: collection, range: range) { return busy }
        // No free-busy-query here: computed from the events themselves.
        let hrefs = try await client.etags(in: collection).map(\.href)
        var busy: [DateInterval] = []
        for batch in stride(from: 0, to: hrefs.count, by: 200).map({ Array(hrefs[$0..<min($0 + 200, hrefs.count)]) }) {
            for resource in try await client.resources(in: collection, hrefs: batch) {
                guard let object = CalendarObject(name: Self.name(of: resource.href), etag: resource.etag, text: resource.text,
                                                  statuses: statuses), object.blocksTime else { continue }
                for event in object.instances(in: range, zone: zone(of: calendarID)) where !event.isDeleted {
                    guard let start = event.start?.instant else { continue }
                    busy.append(DateInterval(start: start, end: max(start, event.end?.instant ?? start)))
                }
            }
        }
        return busy.sorted { $0.start < $1.start }
    }

    public func insert(calendarID: String, _ event: NewEvent) async throws -> (event: CalendarEvent, isNew: Bool) {
        let name = event.id + ".ics"
        let resourceURL = try url(of: calendarID).appendingPathComponent(name)
        guard let text = CalendarObject.text(for: event, now: now()) else {
            throw CalDAVError.invalidResponse("the booked event has no readable start or end")
        }
        var isNew = true
        do {
            try await client.put(text, at: resourceURL, creating: true)
        } catch {
            // Made already by this same booking, retried: the first one stands.
            guard error.isPreconditionFailed else { throw error }
            isNew = false
        }
        let (object, _) = try await object(calendarID: calendarID, eventID: name)
        guard let made = instance(name, of: object, calendarID: calendarID) else { throw CalDAVError.invalidResponse("\(resourceURL.path) unreadable after writing it") }
        return (made, isNew)
    }

    public var kind: String { "CalDAV" }

    public var push: (any CalendarPush)? { nil }

    public func accessHint(for error: any Error) -> String? {
        Self.hint(for: error)
    }

    /// What to do when the server refuses: the same advice before any calendar is connected (`check`).
    public static func hint(for error: any Error) -> String? {
        switch error as? CalDAVError {
        case .credentialsRefused?:
            "Check CALDAV_USERNAME and CALDAV_PASSWORD: iCloud, Fastmail and Nextcloud want an app password, not the account's own"
        case .status(404, _, _)?, .status(403, _, _)?:
            "The calendar is gone or not shared with this account; check CALDAV_CALENDARS (`gcal-whatsapp check` lists the calendars found)"
        default: nil
        }
    }

    // MARK: Zones

    /// The calendar's own zone, else the source's.
    func zone(of calendarID: String) -> TimeZone { zones[calendarID] ?? zone }

    /// Times written in UTC (`…Z`, as many apps and the booking pages write them) shown in the
    /// calendar's own zone: an attendee is told 15:00 IST, not 09:30 UTC.
    func shown(_ events: [CalendarEvent], calendarID: String) -> [CalendarEvent] {
        let utc: Set<String?> = ["UTC", "GMT", "Etc/UTC", "Etc/GMT"]
        guard let calendarZone = zones[calendarID], !utc.contains(calendarZone.identifier) else { return events }
        return events.map { event in
            var event = event
            for keyPath in [\CalendarEvent.start, \CalendarEvent.end] where utc.contains(event[keyPath: keyPath]?.timeZone) {
                event[keyPath: keyPath]?.timeZone = calendarZone.identifier
            }
            return event
        }
    }

    // MARK: Names

    private func url(of calendarID: String) throws -> URL {
        guard let url = collections[calendarID] else { throw CalDAVError.status(404, method: "REPORT", path: calendarID) }
        return url
    }

    /// `abc.ics` of `/cal/user/abc.ics`, percent-decoded (the event id; URLs made from it encode it again).
    static func name(of href: String) -> String {
        let last = String(href.split(separator: "/").last ?? Substring(href))
        return last.removingPercentEncoding ?? last
    }

    /// The start an instance id names (`abc.ics_20261207T100000Z`), nil for a single event's id.
    static func instanceStart(of id: String) -> Date? {
        guard let underscore = id.lastIndex(of: "_") else { return nil }
        let stamp = id[id.index(after: underscore)...]
        guard stamp.count == 16, stamp.hasSuffix("Z") else { return nil }
        return ICalendarTime(String(stamp), parameters: [:], fallbackZone: TimeZone(identifier: "UTC")!)?.date
    }

    /// The resource an event id lives in.
    static func resourceName(of id: String) -> String {
        guard instanceStart(of: id) != nil, let underscore = id.lastIndex(of: "_") else { return id }
        return String(id[..<underscore])
    }
}

extension CalDAVError: CalendarSourceFailure {
    public var isCursorExpired: Bool { self == .syncTokenInvalid }
    public var isConflict: Bool { isPreconditionFailed }
    public var isNotGettingThrough: Bool {
        switch self {
        case .transport, .invalidResponse: true
        case .credentialsRefused, .status, .syncTokenInvalid: false
        }
    }
}

/// What a CalDAV calendar's sync remembers between passes: the server's sync token, or, on a
/// server without one, each resource's etag; and the instance ids each repeating resource gave,
/// so that one that disappears is told as cancelled.
struct CalDAVCursor: Codable {
    var token: String?
    var etags: [String: String]?
    /// The collection's `getctag` when the etags were listed (servers without `sync-collection`).
    var ctag: String?
    var instances: [String: [String]] = [:]
    /// Every resource's path as the server writes it.
    var hrefs: [String]?

    init() {}

    init?(text: String) {
        guard let decoded = try? JSONDecoder().decode(Self.self, from: Data(text.utf8)) else { return nil }
        self = decoded
    }

    var text: String {
        String(decoding: (try? JSONEncoder().encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
