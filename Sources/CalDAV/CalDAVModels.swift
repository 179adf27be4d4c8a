public import Foundation

/// A calendar collection found on the server (RFC 4791 §4.2).
public struct CalDAVCalendar: Sendable, Equatable {
    /// The collection's URL, ending in `/`.
    public var url: URL
    public var displayName: String?
    /// Present when the server supports `sync-collection` (RFC 6578) on it.
    public var syncToken: String?
    /// `getctag` (calendarserver.org): changes whenever anything in the collection does.
    public var ctag: String?
    /// Whether it holds events (`supported-calendar-component-set` names `VEVENT`, or says nothing).
    public var holdsEvents: Bool
    /// The account's default calendar (RFC 6638 `schedule-default-calendar-URL`), where the server says.
    public var isDefault = false
    /// The calendar's own zone (`calendar-timezone`, RFC 4791 §5.2.2): floating times are read in
    /// it, and times written in UTC are shown in it.
    public var timeZone: TimeZone?

    public init(url: URL, displayName: String?, syncToken: String?, ctag: String?, holdsEvents: Bool, isDefault: Bool = false,
                timeZone: TimeZone? = nil) {
        self.timeZone = timeZone
        self.isDefault = isDefault
        self.url = url
        self.displayName = displayName
        self.syncToken = syncToken
        self.ctag = ctag
        self.holdsEvents = holdsEvents
    }
}

/// One calendar object resource: its path on the server, its etag and its iCalendar text.
public struct CalendarResource: Sendable, Equatable {
    public var href: String
    public var etag: String?
    public var text: String

    public init(href: String, etag: String?, text: String) {
        self.href = href
        self.etag = etag
        self.text = text
    }
}

/// What changed in a collection since a sync token (RFC 6578), or, without one, everything in it.
public struct CollectionChanges: Sendable, Equatable {
    /// Resources added or changed, with their new etags.
    public var changed: [(href: String, etag: String?)]
    /// Resources removed.
    public var removed: [String]
    /// The token for next time.
    public var token: String

    public static func == (lhs: CollectionChanges, rhs: CollectionChanges) -> Bool {
        lhs.changed.map(\.href) == rhs.changed.map(\.href) && lhs.changed.map(\.etag) == rhs.changed.map(\.etag)
            && lhs.removed == rhs.removed && lhs.token == rhs.token
    }
}
