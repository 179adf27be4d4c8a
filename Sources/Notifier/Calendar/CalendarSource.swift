public import CalendarModel
public import Foundation

/// A calendar the service watches and writes to (DESIGN.md §23). The sync, booking and
/// write-back rules are written against this protocol alone: Google's service account is one
/// implementation, and CalDAV and Microsoft 365 come in as more without touching the rules.
public protocol CalendarSource: Sendable {
    /// Every change since `cursor`, or, with no cursor, every event in `window` (a full sync),
    /// with the cursor to start from next time. A cursor the source no longer accepts throws a
    /// `CalendarSourceFailure` whose `isCursorExpired` is true; the caller then syncs in full.
    /// `previous`, on a full sync, is the cursor of the last sync: a source whose full listing
    /// holds no deleted events (CalDAV) tells from it what disappeared meanwhile.
    func changes(calendarID: String, since cursor: String?, previous: String?, window: DateInterval) async throws -> CalendarChanges

    /// One event as it is now; a deleted one comes back with `isDeleted`.
    func event(calendarID: String, eventID: String) async throws -> CalendarEvent

    /// Writes the fields set in `patch`; with an `etag`, only if the event is still at it
    /// (else a failure whose `isConflict` is true). Returns the event as written.
    @discardableResult
    func update(calendarID: String, eventID: String, patch: EventPatch, ifMatch etag: String?) async throws -> CalendarEvent

    /// Deletes an event; one already gone counts as deleted. With an `etag`, only if the event is
    /// still at it (else a failure whose `isConflict` is true): the event read is the one deleted.
    func delete(calendarID: String, eventID: String, ifMatch etag: String?) async throws

    /// The busy times of the calendar within `range`.
    func busyTimes(calendarID: String, in range: DateInterval) async throws -> [DateInterval]

    /// Inserts an event with the caller's id, so that a retried insert makes no second event:
    /// `isNew` is false when the event was already there.
    func insert(calendarID: String, _ event: NewEvent) async throws -> (event: CalendarEvent, isNew: Bool)

    /// What the host calls this kind of calendar ("Google Calendar", "CalDAV", "Microsoft 365").
    var kind: String { get }

    /// Change notifications, where the source has them; nil means the calendar is polled.
    var push: (any CalendarPush)? { get }

    /// What the operator should do when the source refuses a calendar for good (share it, a new
    /// app password…); nil when nothing specific helps.
    func accessHint(for error: any Error) -> String?
}

/// What changed in a calendar since a cursor, and the cursor for the next time.
public struct CalendarChanges: Sendable, Equatable {
    public var events: [CalendarEvent]
    public var cursor: String
    /// The calendar's own time zone, for events that carry none.
    public var timeZone: String?

    public init(events: [CalendarEvent], cursor: String, timeZone: String?) {
        self.events = events
        self.cursor = cursor
        self.timeZone = timeZone
    }
}

/// A source's push channels (Google's `events.watch`, Graph subscriptions).
public protocol CalendarPush: Sendable {
    /// Asks the source to POST to `address` when the calendar changes, echoing `token`.
    func watch(calendarID: String, channelID: String, token: String, address: URL, ttl: Duration) async throws -> WatchChannel
    /// Stops a channel; one already gone counts as stopped.
    func stop(channelID: String, resourceID: String) async throws
}

/// How the rules tell a source's failures apart without knowing the source.
public protocol CalendarSourceFailure: Error {
    /// The change cursor is no longer valid: sync in full.
    var isCursorExpired: Bool { get }
    /// The event is gone (a delete counts as done).
    var isGone: Bool { get }
    /// The event changed since it was read (a conditional write was refused).
    var isConflict: Bool { get }
    /// This process did not get through to the source: no connection, no answer in time, or an
    /// answer that is not the source's (a proxy's page). Not a refusal, a rate limit or a server
    /// error, which any other worker would meet too.
    var isNotGettingThrough: Bool { get }
}

extension CalendarSource {
    /// `changes` with no earlier cursor to compare a full sync with.
    public func changes(calendarID: String, since cursor: String?, window: DateInterval) async throws -> CalendarChanges {
        try await changes(calendarID: calendarID, since: cursor, previous: nil, window: window)
    }

    /// Deletes an event whatever it became since it was read.
    public func delete(calendarID: String, eventID: String) async throws {
        try await delete(calendarID: calendarID, eventID: eventID, ifMatch: nil)
    }

    /// The problem line for a calendar the source refused: its words, then what to do.
    public func problem(calendarID: String, error: any Error) -> String {
        var line = "calendar \(calendarID): \(error)"
        if let hint = accessHint(for: error) { line += (line.hasSuffix(".") ? " " : ". ") + hint }
        return line
    }

    /// Reads the event, asks `change` for the patch it needs (nil: none), and writes it only if
    /// the event is unchanged since the read. When the host edits the event at the same moment it
    /// is read again and the patch recomputed, so the host's edit is kept. An event gone or
    /// deleted is left alone. Returns the event as it now is (as written, or as read when it
    /// needed nothing), or nil when it is gone.
    @discardableResult
    public func update(calendarID: String, eventID: String, keepingEdits change: (CalendarEvent) -> EventPatch?) async throws
        -> CalendarEvent? {
        for attempt in 1...3 {
            let event: CalendarEvent
            do {
                event = try await self.event(calendarID: calendarID, eventID: eventID)
            } catch {
                guard (error as? any CalendarSourceFailure)?.isGone == true else { throw error }
                return nil
            }
            guard !event.isDeleted else { return nil }
            guard let patch = change(event) else { return event }
            do {
                return try await update(calendarID: calendarID, eventID: eventID, patch: patch, ifMatch: event.etag)
            } catch {
                guard (error as? any CalendarSourceFailure)?.isConflict == true, attempt < 3 else { throw error }
            }
        }
        return nil
    }
}
