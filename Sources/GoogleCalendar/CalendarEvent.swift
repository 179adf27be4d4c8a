public import Foundation

/// An event as Calendar v3 returns it, reduced to the fields this service reads.
/// A deleted event seen through incremental sync carries only `id` and `status: "cancelled"`.
public struct CalendarEvent: Codable, Sendable, Equatable {
    public var id: String
    public var status: String?
    public var summary: String?
    public var description: String?
    public var location: String?
    public var start: EventTime?
    public var end: EventTime?
    public var sequence: Int?
    public var etag: String?
    /// RFC 3339 as Google writes it, e.g. `2026-11-20T10:00:00.000Z`.
    public var updated: String?
    public var colorId: String?

    public init(
        id: String, status: String? = nil, summary: String? = nil, description: String? = nil,
        location: String? = nil, start: EventTime? = nil, end: EventTime? = nil, sequence: Int? = nil,
        etag: String? = nil, updated: String? = nil, colorId: String? = nil
    ) {
        self.id = id
        self.status = status
        self.summary = summary
        self.description = description
        self.location = location
        self.start = start
        self.end = end
        self.sequence = sequence
        self.etag = etag
        self.updated = updated
        self.colorId = colorId
    }

    public var isDeleted: Bool { status == "cancelled" }
}

/// The start or end of an event: `dateTime` (RFC 3339 with offset) for timed events, `date` for all-day ones.
public struct EventTime: Codable, Sendable, Equatable {
    public var dateTime: String?
    public var date: String?
    public var timeZone: String?

    public init(dateTime: String? = nil, date: String? = nil, timeZone: String? = nil) {
        self.dateTime = dateTime
        self.date = date
        self.timeZone = timeZone
    }

    /// The instant of a timed start or end; nil for all-day events or unreadable values.
    public var instant: Date? {
        dateTime.flatMap(RFC3339.date(from:))
    }
}

/// RFC 3339 timestamps as Google writes and accepts them, with or without fractional seconds.
public enum RFC3339 {
    /// Parses `2026-11-24T15:00:00+05:30`, `2026-11-24T09:30:00Z` or `2026-11-24T09:30:00.000Z`.
    public static func date(from text: String) -> Date? {
        (try? Date(text, strategy: .iso8601)) ?? (try? Date(text, strategy: fractional))
    }

    /// UTC with a `Z`, the form Google accepts for `timeMin` and `timeMax`.
    public static func string(from date: Date) -> String {
        date.formatted(.iso8601)
    }

    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
