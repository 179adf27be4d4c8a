import Foundation

/// The JSON of an event as Calendar v3 writes it.
struct EventResource: Encodable {
    struct Time: Encodable {
        var dateTime: String?
        var date: String?
        var timeZone: String?
    }

    var kind = "calendar#event"
    var etag: String
    var id: String
    var status: String
    var created: String?
    var updated: String?
    var summary: String?
    var description: String?
    var location: String?
    var colorId: String?
    var start: Time?
    var end: Time?
    var iCalUID: String?
    var sequence: Int?
    var eventType: String?
    var recurringEventId: String?
    var originalStartTime: Time?

    /// The full resource, as `GET` and full listings return it.
    init(_ event: EmulatedEvent) {
        etag = event.etag
        id = event.id
        status = event.status
        created = Self.timestamp(event.created)
        updated = Self.timestamp(event.updated)
        summary = event.summary
        description = event.description
        location = event.location
        colorId = event.colorId
        start = Self.time(event.start)
        end = Self.time(event.end)
        // Every instance of a series shares the series' iCalendar UID.
        iCalUID = "\(event.recurringEventId ?? event.id)@google.com"
        sequence = event.sequence
        eventType = "default"
        recurringEventId = event.recurringEventId
        originalStartTime = event.originalStart.map(Self.time)
    }

    /// A deleted event in a listing: Google sends only its id and status (and, for an instance
    /// of a series, which series and which occurrence).
    init(deleted event: EmulatedEvent) {
        etag = event.etag
        id = event.id
        status = "cancelled"
        recurringEventId = event.recurringEventId
        originalStartTime = event.originalStart.map(Self.time)
    }

    static func time(_ time: EmulatedTime) -> Time {
        switch time {
        case .timed(let date, let zone):
            Time(dateTime: Self.dateTime(date, in: zone), timeZone: zone)
        case .allDay(let day):
            Time(date: day)
        }
    }

    /// `2026-11-24T15:00:00+05:30`: local time with its offset, as Google writes `dateTime`.
    static func dateTime(_ date: Date, in zone: String) -> String {
        let style = Date.ISO8601FormatStyle(timeZoneSeparator: .colon, timeZone: TimeZone(identifier: zone) ?? .gmt)
        return date.formatted(style)
    }

    /// `2026-11-21T09:05:10.511Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
