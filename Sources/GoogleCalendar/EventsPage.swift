public import Foundation

/// One page of `GET /calendars/{id}/events`.
public struct EventsPage: Codable, Sendable, Equatable {
    public var items: [CalendarEvent]
    public var nextPageToken: String?
    /// Present on the last page only.
    public var nextSyncToken: String?
    public var timeZone: String?

    public init(items: [CalendarEvent], nextPageToken: String? = nil, nextSyncToken: String? = nil, timeZone: String? = nil) {
        self.items = items
        self.nextPageToken = nextPageToken
        self.nextSyncToken = nextSyncToken
        self.timeZone = timeZone
    }
}

/// How to list events: a full sync over a window, or the changes since a sync token.
public enum EventListQuery: Sendable, Equatable {
    case full(timeMin: Date, timeMax: Date)
    case incremental(syncToken: String)
}

/// Every event of a listing, all pages followed, and the token for the next incremental sync.
public struct EventListing: Sendable, Equatable {
    public var events: [CalendarEvent]
    public var nextSyncToken: String
    public var timeZone: String?

    public init(events: [CalendarEvent], nextSyncToken: String, timeZone: String?) {
        self.events = events
        self.nextSyncToken = nextSyncToken
        self.timeZone = timeZone
    }
}

/// The fields of an event this service changes; only those set are sent, so a host editing
/// anything else at the same moment loses nothing.
public struct EventPatch: Encodable, Sendable, Equatable {
    public var summary: String?
    public var description: String?
    public var location: String?
    public var colorId: String?
    /// A move: both are set together.
    public var start: EventTime?
    public var end: EventTime?

    public init(summary: String? = nil, description: String? = nil, location: String? = nil, colorId: String? = nil,
                start: EventTime? = nil, end: EventTime? = nil) {
        self.summary = summary
        self.description = description
        self.location = location
        self.colorId = colorId
        self.start = start
        self.end = end
    }
}

/// A calendar's metadata; its `timeZone` formats times for events that carry none.
public struct CalendarInfo: Codable, Sendable, Equatable {
    public var id: String
    public var summary: String?
    public var timeZone: String?
}
