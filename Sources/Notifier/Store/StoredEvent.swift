import Foundation
import GRDB
import GoogleCalendar

/// A row of `events`: what Google said last about an event, and what its attendee was told last.
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
    public var toldPhone: String?
    public var toldStartAt: Date?
    public var toldCancelled: Bool
    public var noticeRevision: Int

    enum CodingKeys: String, CodingKey {
        case calendarID = "calendar_id", eventID = "event_id", status, summary, description, location
        case startAt = "start_at", endAt = "end_at", timeZone = "time_zone", sequence, etag
        case updatedAt = "updated_at", colorID = "color_id", toldPhone = "told_phone"
        case toldStartAt = "told_start_at", toldCancelled = "told_cancelled", noticeRevision = "notice_revision"
    }

    /// Each column named once, for queries.
    public enum Columns {
        static let calendarID = Column(CodingKeys.calendarID)
        static let eventID = Column(CodingKeys.eventID)
        static let status = Column(CodingKeys.status)
        static let startAt = Column(CodingKeys.startAt)
        static let toldPhone = Column(CodingKeys.toldPhone)
        static let toldCancelled = Column(CodingKeys.toldCancelled)
    }

    /// A first sighting: nothing told yet.
    init(calendarID: String, eventID: String) {
        self.calendarID = calendarID
        self.eventID = eventID
        status = "confirmed"
        summary = ""
        sequence = 0
        toldCancelled = false
        noticeRevision = 0
    }

    /// Takes in what Google now says. A deleted event arrives as only an id and a status, so
    /// the last known summary and start are kept: the cancellation message needs them.
    mutating func merge(_ event: CalendarEvent) {
        status = event.status ?? "confirmed"
        etag = event.etag ?? etag
        updatedAt = event.updated ?? updatedAt
        guard !event.isDeleted || event.start != nil else { return }
        summary = event.summary ?? ""
        description = event.description
        location = event.location
        startAt = event.start?.instant
        endAt = event.end?.instant
        timeZone = event.start?.timeZone
        sequence = event.sequence ?? sequence
        colorID = event.colorId
    }

    var told: ToldState {
        get {
            ToldState(phone: toldPhone.flatMap(PhoneNumber.init(e164:)), start: toldStartAt,
                      cancelled: toldCancelled, revision: noticeRevision)
        }
        set {
            toldPhone = newValue.phone?.e164
            toldStartAt = newValue.start
            toldCancelled = newValue.cancelled
            noticeRevision = newValue.revision
        }
    }
}
