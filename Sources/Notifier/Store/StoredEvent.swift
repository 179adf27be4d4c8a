import Foundation
import GRDB
import CalendarModel

/// A row of `events`: what Google said last about an event. What each attendee was told is in
/// the outbox (`AttendeeLedger`); what the host must fix in the location is kept here.
public struct StoredEvent: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "events"

    public var calendarID: String
    public var eventID: String
    public var status: String
    public var summary: String
    public var description: String?
    public var location: String?
    public var startAt: Date?
    public var endAt: Date?
    public var timeZone: String?
    public var sequence: Int
    public var etag: String?
    public var updatedAt: String?
    public var colorID: String?
    /// For an instance of a repeating event: the series, and the start the series gives it.
    public var seriesID: String?
    public var originalStartAt: Date?
    /// The `Not sent: …` line the location calls for (a number-like text that cannot be used).
    public var locationProblem: String?
    /// The line the calendar shows now; the write-back brings it to `locationProblem`.
    public var problemShown: String?
    /// Google's `iCalUID`: the `UID` calendar feeds give the session.
    public var iCalUID: String? = nil
    /// The `Not sent: …` line for a start time or time zone that cannot be used (a five-digit
    /// year, an unknown zone): the event is not notifiable until the host fixes it.
    public var timeProblem: String? = nil

    enum CodingKeys: String, CodingKey {
        case calendarID = "calendar_id", eventID = "event_id", status, summary, description, location
        case startAt = "start_at", endAt = "end_at", timeZone = "time_zone", sequence, etag
        case updatedAt = "updated_at", colorID = "color_id"
        case locationProblem = "location_problem", problemShown = "problem_shown"
        case seriesID = "series_id", originalStartAt = "original_start_at", iCalUID = "ical_uid", timeProblem = "time_problem"
    }

    /// Each column named once, for queries.
    public enum Columns {
        static let calendarID = Column(CodingKeys.calendarID)
        static let eventID = Column(CodingKeys.eventID)
        static let status = Column(CodingKeys.status)
        static let startAt = Column(CodingKeys.startAt)
        static let locationProblem = Column(CodingKeys.locationProblem)
        static let problemShown = Column(CodingKeys.problemShown)
        static let seriesID = Column(CodingKeys.seriesID)
        static let description = Column(CodingKeys.description)
        static let colorID = Column(CodingKeys.colorID)
        static let etag = Column(CodingKeys.etag)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    /// The fields a write-back patches, as last read or written; nil for a deleted event or one
    /// without an etag (it is read afresh then).
    package var asWritten: CalendarEvent? {
        guard status != "cancelled", let etag else { return nil }
        return CalendarEvent(id: eventID, status: status, description: description, etag: etag, colorId: colorID)
    }

    /// A first sighting: nothing told yet.
    init(calendarID: String, eventID: String) {
        self.calendarID = calendarID
        self.eventID = eventID
        status = "confirmed"
        summary = ""
        sequence = 0
    }

    /// Takes in what Google now says. A deleted event arrives as only an id and a status, so
    /// the last known summary and start are kept: the cancellation message needs them.
    mutating func merge(_ event: CalendarEvent) {
        status = event.status ?? "confirmed"
        etag = event.etag ?? etag
        updatedAt = event.updated ?? updatedAt
        seriesID = event.recurringEventId ?? seriesID
        originalStartAt = Self.readable(event.originalStartTime?.instant) ?? originalStartAt
        iCalUID = event.iCalUID ?? iCalUID
        guard !event.isDeleted || event.start != nil else { return }
        summary = event.summary ?? ""
        description = event.description
        location = event.location
        startAt = Self.readable(event.start?.instant)
        endAt = Self.readable(event.end?.instant)
        timeZone = event.start?.timeZone
        sequence = event.sequence ?? sequence
        colorID = event.colorId
        timeProblem = nil
        if let written = event.start?.dateTime, startAt == nil {
            timeProblem = "Not sent: the start time \"\(written)\" cannot be read; check the event's date."
        } else if let zone = timeZone, TimeZone(identifier: zone) == nil {
            timeProblem = "Not sent: the time zone \"\(zone)\" is unknown; choose the event's time zone again."
        }
        if timeProblem != nil {
            // Nothing is announced for a time nobody can be told correctly.
            (startAt, endAt, timeZone) = (nil, nil, nil)
        }
    }

    /// Years the store writes and reads back (four digits); anything else is a typo, never a session.
    static let readableYears = 1900...9999

    static func readable(_ date: Date?) -> Date? {
        guard let date else { return nil }
        let year = Calendar(identifier: .gregorian).dateComponents(in: .gmt, from: date).year ?? 0
        return readableYears.contains(year) ? date : nil
    }
}

extension StoredEvent {
    /// Read column by column (`RowReader`), so that a value that does not read names its column
    /// only: GRDB's own error would carry the whole row (the location's number, the description)
    /// into the sync's log line. It still throws, and the row is repaired (`readRepairing`).
    public init(row: Row) throws {
        let read = RowReader<CodingKeys>(row: row, table: Self.databaseTableName)
        calendarID = try read.value(.calendarID)
        eventID = try read.value(.eventID)
        status = try read.value(.status)
        summary = try read.value(.summary)
        description = try read.optional(.description)
        location = try read.optional(.location)
        startAt = try read.optional(.startAt)
        endAt = try read.optional(.endAt)
        timeZone = try read.optional(.timeZone)
        sequence = try read.value(.sequence)
        etag = try read.optional(.etag)
        updatedAt = try read.optional(.updatedAt)
        colorID = try read.optional(.colorID)
        seriesID = try read.optional(.seriesID)
        originalStartAt = try read.optional(.originalStartAt)
        locationProblem = try read.optional(.locationProblem)
        problemShown = try read.optional(.problemShown)
        iCalUID = try read.optional(.iCalUID)
        timeProblem = try read.optional(.timeProblem)
    }

    /// Every event of a sync is saved with its dates: written by hand, as GRDB would.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        StoredDate.encoding
    }
}
