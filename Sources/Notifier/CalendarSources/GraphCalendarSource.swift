import CalDAV
public import CalendarModel
public import Foundation
public import MicrosoftGraph

/// Microsoft 365 and Outlook.com calendars through Microsoft Graph, as a `CalendarSource`
/// (DESIGN.md §23): changes through `calendarView/delta` with the stored delta link, the links
/// block in the body, the status as one of three categories kept in the mailbox's master list,
/// writes and deletes with `If-Match`, free/busy from `getSchedule`, bookings with a
/// `transactionId`, push through subscriptions. A calendar id is a mailbox address (or `me`).
public struct GraphCalendarSource: CalendarSource, CalendarPush {
    public let client: GraphClient
    public let mailboxes: [String]
    let statuses: StatusCategories
    /// Signed in as a connected account (delegated permissions) rather than as the app: what
    /// the host must do when access is refused differs.
    let isConnectedAccount: Bool
    let now: @Sendable () -> Date

    /// The status categories and the Outlook colour presets they are created with (§23).
    static let presets = ["WhatsApp delivered": "preset4", "WhatsApp failed": "preset0", "WhatsApp confirmed": "preset7"]

    public init(client: GraphClient, mailboxes: [String], statuses: (success: String, failure: String, confirmed: String),
                isConnectedAccount: Bool = false, now: @escaping @Sendable () -> Date = Date.init) {
        self.client = client
        self.isConnectedAccount = isConnectedAccount
        self.mailboxes = mailboxes
        self.statuses = StatusCategories(success: statuses.success, failure: statuses.failure, confirmed: statuses.confirmed)
        self.now = now
    }

    /// Makes sure the three status categories are in each mailbox's master list, so that
    /// Outlook shows them in their colours rather than as uncoloured labels.
    /// A mailbox where that fails (no MailboxSettings.ReadWrite) still works: the categories then
    /// show uncoloured, and the problems are returned for the log.
    @discardableResult
    public func prepareCategories(in chosen: [String]? = nil) async -> [String] {
        var problems: [String] = []
        for mailbox in chosen ?? mailboxes {
            do {
                let present = Set(try await client.categoryNames(mailbox: mailbox).map { $0.lowercased() })
                for name in statuses.all.sorted() where !present.contains(name.lowercased()) {
                    try await client.addCategory(mailbox: mailbox, name: name, color: Self.presets[name] ?? "preset4")
                }
            } catch {
                problems.append("\(mailbox): the status categories could not be added (\(error)); grant MailboxSettings.ReadWrite")
            }
        }
        return problems
    }

    // MARK: Changes

    /// The delta link and the window it was made for: a delta covers a fixed window, so when the
    /// window's end comes near, the old link is read to its end (what was deleted still shows)
    /// and a fresh one is started over the window as it now is.
    struct Cursor: Codable {
        var deltaLink: String
        var windowEnd: Date

        init(deltaLink: String, windowEnd: Date) {
            self.deltaLink = deltaLink
            self.windowEnd = windowEnd
        }

        init?(text: String) {
            guard let decoded = try? JSONDecoder().decode(Self.self, from: Data(text.utf8)) else { return nil }
            self = decoded
        }

        var text: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }
    }

    public func changes(calendarID: String, since cursor: String?, previous: String?, window: DateInterval) async throws -> CalendarChanges {
        var events: [GraphEvent] = []
        if let cursor, let stored = Cursor(text: cursor) {
            let (partial, link) = try await client.changes(mailbox: calendarID, deltaLink: stored.deltaLink, window: window)
            let changed = try await completed(partial, mailbox: calendarID)
            // Still more than a third of the window ahead: keep the link.
            if stored.windowEnd.timeIntervalSince(now()) > window.duration * 2 / 3 {
                return CalendarChanges(events: changed.map(calendarEvent), cursor: Cursor(deltaLink: link, windowEnd: stored.windowEnd).text,
                                       timeZone: "UTC")
            }
            events = changed
        } else if cursor != nil {
            throw GraphError.api(status: 410, code: "syncStateNotFound", message: "the stored cursor is not a delta link")
        } else if let previous, let last = Cursor(text: previous) {
            // A full sync (daily, or after a restart): a fresh listing never shows what was deleted,
            // so the last link is read to its end first (found by review). A link Graph forgot
            // tells nothing; what it held is then lost, as for any source after an expired token.
            do {
                events = try await completed(client.changes(mailbox: calendarID, deltaLink: last.deltaLink, window: window).events, mailbox: calendarID)
            } catch {
                guard (error as? GraphError)?.isDeltaExpired == true else { throw error }
            }
        }
        let (listed, link) = try await client.changes(mailbox: calendarID, deltaLink: nil, window: window)
        let all = try await completed(listed, mailbox: calendarID)
        // Later answers win: the fresh listing holds each event as it now is.
        var byID: [String: GraphEvent] = [:]
        for event in events + all { byID[event.id] = event }
        let merged = (events + all).map(\.id).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.compactMap { byID[$0] }
        return CalendarChanges(events: merged.map(calendarEvent), cursor: Cursor(deltaLink: link, windowEnd: window.end).text, timeZone: "UTC")
    }

    /// Graph's delta says less than it seems (DESIGN.md §23, Microsoft's delta documentation):
    /// - an occurrence may carry only id, etag, type, series and times: read as it stands it would
    ///   look like an event whose title and location were removed, and its attendee would be told
    ///   of a cancellation; entries without a location or a subject are read whole first;
    /// - `@removed` also stands for an event moved out of the window: the event is read, and only
    ///   one that is really gone is told as cancelled (a moved one is told as moved).
    func completed(_ events: [GraphEvent], mailbox: String) async throws -> [GraphEvent] {
        var whole: [GraphEvent] = []
        for event in events {
            guard event.removed != nil || event.location == nil || event.subject == nil else {
                whole.append(event)
                continue
            }
            do {
                whole.append(try await client.event(mailbox: mailbox, id: event.id))
            } catch {
                guard (error as? GraphError)?.isNotFound == true else { throw error }
                // Gone: a removal stands; a partial entry gone meanwhile is a removal too.
                var gone = GraphEvent(id: event.id)
                gone.removed = GraphEvent.Removed(reason: "deleted")
                whole.append(gone)
            }
        }
        return whole
    }

    public func event(calendarID: String, eventID: String) async throws -> CalendarEvent {
        calendarEvent(try await client.event(mailbox: calendarID, id: eventID))
    }

    // MARK: Writes

    public func update(calendarID: String, eventID: String, patch: EventPatch, ifMatch etag: String?) async throws -> CalendarEvent {
        var fields: [String: Any] = [:]
        if let summary = patch.summary { fields["subject"] = summary }
        if let description = patch.description { fields["body"] = ["contentType": "text", "content": description] }
        if let location = patch.location { fields["location"] = ["displayName": location] }
        if let start = patch.start.flatMap(Self.graphTime), let end = patch.end.flatMap(Self.graphTime) {
            fields["start"] = start
            fields["end"] = end
        }
        if let colorId = patch.colorId {
            // The host's own categories stay; of the service's three, only the one shown.
            let current = try await client.event(mailbox: calendarID, id: eventID)
            if let etag, current.etag != etag { throw GraphError.api(status: 412, code: "ErrorIrresolvableConflict", message: "changed since read") }
            var categories = (current.categories ?? []).filter { !statuses.all.contains($0) }
            if let shown = statuses.category(for: colorId) { categories.append(shown) }
            fields["categories"] = categories
        }
        return calendarEvent(try await client.patchEvent(mailbox: calendarID, id: eventID, fields: fields, ifMatch: etag))
    }

    public func delete(calendarID: String, eventID: String, ifMatch etag: String?) async throws {
        try await client.deleteEvent(mailbox: calendarID, id: eventID, ifMatch: etag)
    }

    public func busyTimes(calendarID: String, in range: DateInterval) async throws -> [DateInterval] {
        try await client.busyTimes(mailbox: calendarID, in: range)
    }

    /// `transactionId` is the caller's id: a retried booking gets the event the first one made.
    public func insert(calendarID: String, _ event: NewEvent) async throws -> (event: CalendarEvent, isNew: Bool) {
        var fields: [String: Any] = ["subject": event.summary, "transactionId": event.id]
        if let description = event.description { fields["body"] = ["contentType": "text", "content": description] }
        if let location = event.location { fields["location"] = ["displayName": location] }
        fields["start"] = Self.graphTime(event.start)
        fields["end"] = Self.graphTime(event.end)
        let made = try await client.createEvent(mailbox: calendarID, fields: fields)
        // Graph answers a repeated transactionId with the first event; it is new only if made just now.
        let isNew = made.transactionId == event.id && (made.lastModifiedDateTime.flatMap(RFC3339.date(from:)).map { now().timeIntervalSince($0) < 60 } ?? true)
        return (calendarEvent(made), isNew)
    }

    public var kind: String { "Microsoft 365" }

    public var push: (any CalendarPush)? { self }

    /// Graph's limit for subscriptions on Outlook events is 10,080 minutes; asking for a little
    /// less leaves room for the request's own travel.
    static let longestSubscription: TimeInterval = 10_070 * 60

    /// A subscription on the mailbox's events (DESIGN.md §23.1): Graph first checks that
    /// `address` and its `/lifecycle` answer the validation request, then posts every change
    /// there with `token` as `clientState`. The subscription's id is the channel's resource id.
    public func watch(calendarID: String, channelID: String, token: String, address: URL, ttl: Duration) async throws -> WatchChannel {
        var expiry = now().addingTimeInterval(min(TimeInterval(ttl.components.seconds), Self.longestSubscription))
        func subscription() -> GraphSubscription {
            GraphSubscription(resource: GraphClient.owner(calendarID) + "/events", changeType: "created,updated,deleted",
                              notificationUrl: address.absoluteString, lifecycleNotificationUrl: address.appendingPathComponent("lifecycle").absoluteString,
                              expirationDateTime: GraphClient.utc(expiry), clientState: token)
        }
        let made: GraphSubscription
        do {
            made = try await client.subscribe(subscription())
        } catch let error as GraphError where error.status == 400 && "\(error)".contains("xpiration") || "\(error)".contains("ExtensionError") {
            // Microsoft's documentation has given 4,230 minutes as the limit for Outlook events
            // as well as 10,080: a tenant that refuses the longer gets the shorter.
            expiry = now().addingTimeInterval(min(TimeInterval(ttl.components.seconds), 4_230 * 60))
            made = try await client.subscribe(subscription())
        }
        guard let id = made.id else { throw GraphError.invalidResponse("a subscription without an id") }
        return WatchChannel(id: channelID, resourceID: id, expiration: RFC3339.date(from: made.expirationDateTime) ?? expiry)
    }

    /// Extends a subscription as far as Graph allows; returns its new expiry.
    public func renew(subscriptionID: String) async throws -> Date {
        let wanted = now().addingTimeInterval(Self.longestSubscription)
        let renewed = try await client.renew(subscriptionID: subscriptionID, until: wanted)
        return RFC3339.date(from: renewed.expirationDateTime) ?? wanted
    }

    public func stop(channelID: String, resourceID: String) async throws {
        try await client.unsubscribe(subscriptionID: resourceID)
    }

    public func accessHint(for error: any Error) -> String? {
        guard let error = error as? GraphError else { return nil }
        if isConnectedAccount, error.isAccessRefused {
            return "The Microsoft account's access was revoked or has expired: connect it again at /host/connect "
                + "(or run gcal-whatsapp connect microsoft)"
        }
        switch error {
        case .tokenRefused:
            return "Check MICROSOFT_CLIENT_ID, MICROSOFT_CLIENT_SECRET and MICROSOFT_TENANT_ID (a client secret expires; make a new one in Microsoft Entra → App registrations → Certificates & secrets)"
        case .api(let status, _, _) where status == 401 || status == 403:
            return "Grant the app the Calendars.ReadWrite and MailboxSettings.ReadWrite application permissions with admin consent (Microsoft Entra → App registrations → API permissions), or check that the mailbox exists"
        case .api(404, _, _):
            return "No such mailbox; check MICROSOFT_CALENDARS"
        default:
            return nil
        }
    }

    // MARK: Mapping

    /// A Graph event as the rules read events: times in UTC (as the client asks for them) shown
    /// in the zone the host made the event in (`originalStartTimeZone`, often a Windows name).
    func calendarEvent(_ event: GraphEvent) -> CalendarEvent {
        let cancelled = event.removed != nil || event.isCancelled == true
        var mapped = CalendarEvent(id: event.id, status: cancelled ? "cancelled" : "confirmed")
        guard event.removed == nil else { return mapped }
        mapped.summary = event.subject
        // Outlook may end lines with CRLF; the service writes LF, and compares what it wrote with
        // what it reads: without this every pass would patch again.
        mapped.description = event.body?.content.replacingOccurrences(of: "\r\n", with: "\n")
        mapped.location = event.location?.displayName
        let zone = event.originalStartTimeZone.flatMap(ZoneNames.zone(for:))
        mapped.start = event.start.map { Self.time($0, allDay: event.isAllDay == true, shownIn: zone) }
        mapped.end = event.end.map { Self.time($0, allDay: event.isAllDay == true, shownIn: zone) }
        mapped.colorId = statuses.colorID(in: event.categories ?? [])
        mapped.etag = event.etag
        mapped.updated = event.lastModifiedDateTime.map(Self.milliseconds)
        mapped.recurringEventId = event.seriesMasterId
        mapped.originalStartTime = event.originalStart.map { EventTime(dateTime: $0) }
        mapped.iCalUID = event.iCalUId
        return mapped
    }

    static func time(_ time: GraphEvent.Time, allDay: Bool, shownIn zone: TimeZone?) -> EventTime {
        if allDay { return EventTime(date: String(time.dateTime.prefix(10))) }
        let instant = GraphClient.instant(dateTime: time.dateTime, timeZone: ZoneNames.zone(for: time.timeZone)?.identifier ?? "UTC")
        return EventTime(dateTime: instant.map(RFC3339.string(from:)),
                         timeZone: (zone ?? ZoneNames.zone(for: time.timeZone))?.identifier ?? "UTC")
    }

    /// Graph writes seven fractional digits (`…40.1234567Z`); the rules compare these times to the
    /// millisecond, as `RFC3339` reads them, and a move in the same second as an announcement counts.
    static func milliseconds(_ text: String) -> String {
        guard let dot = text.firstIndex(of: "."), let zone = text[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }) else { return text }
        let digits = text[text.index(after: dot)..<zone].prefix(3)
        return String(text[..<dot]) + "." + digits.padding(toLength: 3, withPad: "0", startingAt: 0) + String(text[zone...])
    }

    /// The wall time in the event's own zone (Graph takes IANA names), so that Outlook keeps the
    /// zone the host made the event in after a reschedule or a booking (found by review).
    static func graphTime(_ time: EventTime) -> [String: String]? {
        guard let instant = time.instant else { return nil }
        guard let name = time.timeZone, let zone = TimeZone(identifier: name), !["UTC", "GMT"].contains(zone.identifier) else {
            return ["dateTime": GraphClient.wall(instant), "timeZone": "UTC"]
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        let wall = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.0000000", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
        return ["dateTime": wall, "timeZone": zone.identifier]
    }
}

extension GraphError: CalendarSourceFailure {
    public var isCursorExpired: Bool { isDeltaExpired }
    public var isGone: Bool { isNotFound }
    public var isConflict: Bool { isPreconditionFailed }
    public var isNotGettingThrough: Bool {
        switch self {
        case .timeout, .transport, .invalidResponse: true
        case .api, .tokenRefused: false
        }
    }
}
