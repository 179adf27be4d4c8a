import Foundation

/// An Outlook event as Graph writes it (the fields this service reads and writes), or a
/// removed one in a delta page (`@removed`).
public struct GraphEvent: Codable, Sendable, Equatable {
    public struct Body: Codable, Sendable, Equatable {
        public var contentType: String
        public var content: String

        public init(contentType: String = "text", content: String) {
            self.contentType = contentType
            self.content = content
        }
    }

    public struct Location: Codable, Sendable, Equatable {
        public var displayName: String?

        public init(displayName: String?) {
            self.displayName = displayName
        }
    }

    /// `{"dateTime": "2026-12-07T10:00:00.0000000", "timeZone": "UTC"}`: a wall time and its zone.
    public struct Time: Codable, Sendable, Equatable {
        public var dateTime: String
        public var timeZone: String

        public init(dateTime: String, timeZone: String) {
            self.dateTime = dateTime
            self.timeZone = timeZone
        }
    }

    public struct Removed: Codable, Sendable, Equatable {
        public var reason: String?

        public init(reason: String?) {
            self.reason = reason
        }
    }

    public var id: String
    public var subject: String?
    public var body: Body?
    public var bodyPreview: String?
    public var location: Location?
    public var start: Time?
    public var end: Time?
    public var isAllDay: Bool?
    public var isCancelled: Bool?
    public var categories: [String]?
    public var seriesMasterId: String?
    /// `singleInstance`, `occurrence`, `exception` or `seriesMaster`.
    public var type: String?
    public var originalStart: String?
    public var lastModifiedDateTime: String?
    public var changeKey: String?
    public var etag: String?
    public var showAs: String?
    public var transactionId: String?
    public var iCalUId: String?
    /// The zone the organiser made the event in (`W. Europe Standard Time`, `Europe/Berlin`…).
    public var originalStartTimeZone: String?
    public var removed: Removed?

    public init(id: String) {
        self.id = id
    }

    enum CodingKeys: String, CodingKey {
        case id, subject, body, bodyPreview, location, start, end, isAllDay, isCancelled, categories, seriesMasterId, type, originalStart
        case lastModifiedDateTime, changeKey, showAs, transactionId, iCalUId, originalStartTimeZone
        case etag = "@odata.etag", removed = "@removed"
    }
}

/// One page of a `calendarView/delta` answer: events, and either the next page or the delta
/// link to keep for next time.
struct DeltaPage: Decodable {
    var value: [GraphEvent]
    var nextLink: String?
    var deltaLink: String?

    enum CodingKeys: String, CodingKey {
        case value, nextLink = "@odata.nextLink", deltaLink = "@odata.deltaLink"
    }
}

/// A change-notification subscription (`POST /subscriptions`).
public struct GraphSubscription: Codable, Sendable, Equatable {
    public var id: String?
    public var resource: String
    public var changeType: String
    public var notificationUrl: String
    public var lifecycleNotificationUrl: String?
    public var expirationDateTime: String
    public var clientState: String?

    public init(id: String? = nil, resource: String, changeType: String, notificationUrl: String, lifecycleNotificationUrl: String?,
                expirationDateTime: String, clientState: String?) {
        self.id = id
        self.resource = resource
        self.changeType = changeType
        self.notificationUrl = notificationUrl
        self.lifecycleNotificationUrl = lifecycleNotificationUrl
        self.expirationDateTime = expirationDateTime
        self.clientState = clientState
    }
}
