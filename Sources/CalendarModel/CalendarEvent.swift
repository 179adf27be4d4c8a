public import Foundation

/// An event as the service reads it from any calendar source, in the shape of Google Calendar v3
/// (the first source; its JSON is also how events are stored), reduced to the fields the rules read.
/// Other sources map onto it: `recurringEventId` is the series, `originalStartTime` the
/// instance's place in it, `iCalUID` the iCalendar `UID`, `etag` what a conditional write quotes.
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
    /// For an instance of a repeating event (listed with `singleEvents=true`): the series' id.
    public var recurringEventId: String?
    /// The start the series gives this instance, kept when the instance alone is moved.
    public var originalStartTime: EventTime?
    /// The event's id in iCalendar (`UID`), shared by all instances of a series.
    public var iCalUID: String?

    public init(
        id: String, status: String? = nil, summary: String? = nil, description: String? = nil,
        location: String? = nil, start: EventTime? = nil, end: EventTime? = nil, sequence: Int? = nil,
        etag: String? = nil, updated: String? = nil, colorId: String? = nil, recurringEventId: String? = nil,
        originalStartTime: EventTime? = nil, iCalUID: String? = nil
    ) {
        self.iCalUID = iCalUID
        self.recurringEventId = recurringEventId
        self.originalStartTime = originalStartTime
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

extension CalendarEvent {
    private enum CodingKeys: String, CodingKey {
        case id, status, summary, description, location, start, end, sequence, etag, updated, colorId
        case recurringEventId, originalStartTime, iCalUID
    }

    /// Reads an event as Google sends it, with NUL characters dropped from the host's texts:
    /// SQLite binds text up to its first NUL, so a title holding one would be stored, and sent,
    /// cut short. Dropping it keeps every visible character.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String? {
            try container.decodeIfPresent(String.self, forKey: key).map { $0.filter { $0 != "\u{0}" } }
        }
        self.init(
            id: try container.decode(String.self, forKey: .id), status: try text(.status), summary: try text(.summary),
            description: try text(.description), location: try text(.location),
            start: try container.decodeIfPresent(EventTime.self, forKey: .start),
            end: try container.decodeIfPresent(EventTime.self, forKey: .end),
            sequence: try container.decodeIfPresent(Int.self, forKey: .sequence), etag: try text(.etag),
            updated: try text(.updated), colorId: try text(.colorId), recurringEventId: try text(.recurringEventId),
            originalStartTime: try container.decodeIfPresent(EventTime.self, forKey: .originalStartTime), iCalUID: try text(.iCalUID))
    }
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
