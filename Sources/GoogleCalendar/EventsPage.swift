public import CalendarModel
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

/// A calendar's metadata; its `timeZone` formats times for events that carry none.
public struct CalendarInfo: Codable, Sendable, Equatable {
    public var id: String
    public var summary: String?
    public var timeZone: String?
}
