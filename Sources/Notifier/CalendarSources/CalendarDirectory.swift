public import CalendarModel
public import Foundation

/// Every watched calendar, whatever its kind, as one `CalendarSource`: each call goes to the source
/// that holds the calendar (Google's ids, CalDAV's collection URLs). The rules see one source.
public struct CalendarDirectory: CalendarSource {
    let entries: [(calendarIDs: Set<String>, source: any CalendarSource)]

    public init(_ entries: [(calendarIDs: [String], source: any CalendarSource)]) {
        self.entries = entries.map { (Set($0.calendarIDs), $0.source) }
    }

    /// Every calendar watched, in the order the sources were given.
    public var calendarIDs: [String] { entries.flatMap { $0.calendarIDs.sorted() } }

    func source(of calendarID: String) throws -> any CalendarSource {
        guard let entry = entries.first(where: { $0.calendarIDs.contains(calendarID) }) else { throw UnknownCalendar(calendarID: calendarID) }
        return entry.source
    }

    public func changes(calendarID: String, since cursor: String?, previous: String?, window: DateInterval) async throws -> CalendarChanges {
        try await source(of: calendarID).changes(calendarID: calendarID, since: cursor, previous: previous, window: window)
    }

    public func event(calendarID: String, eventID: String) async throws -> CalendarEvent {
        try await source(of: calendarID).event(calendarID: calendarID, eventID: eventID)
    }

    public func update(calendarID: String, eventID: String, patch: EventPatch, ifMatch etag: String?) async throws -> CalendarEvent {
        try await source(of: calendarID).update(calendarID: calendarID, eventID: eventID, patch: patch, ifMatch: etag)
    }

    public func delete(calendarID: String, eventID: String) async throws {
        try await source(of: calendarID).delete(calendarID: calendarID, eventID: eventID)
    }

    public func busyTimes(calendarID: String, in range: DateInterval) async throws -> [DateInterval] {
        try await source(of: calendarID).busyTimes(calendarID: calendarID, in: range)
    }

    public func insert(calendarID: String, _ event: NewEvent) async throws -> (event: CalendarEvent, isNew: Bool) {
        try await source(of: calendarID).insert(calendarID: calendarID, event)
    }

    /// Push channels are opened per source (Google's `events.watch`); the directory has none of its own.
    public var push: (any CalendarPush)? { nil }

    public func accessHint(for error: any Error) -> String? {
        entries.lazy.compactMap { $0.source.accessHint(for: error) }.first
    }

    /// A calendar id no source holds (a link to a calendar no longer watched).
    public struct UnknownCalendar: Error, CustomStringConvertible {
        public let calendarID: String
        public var description: String { "no watched calendar \(calendarID)" }
    }
}
