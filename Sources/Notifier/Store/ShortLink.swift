public import Foundation
public import GRDB

/// A short code standing for one of this service's link pages (`/cancel/{token}` or `/reschedule/{token}`).
public struct ShortLink: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "links"

    public var code: String
    public var target: String
    public var calendarID: String
    public var eventID: String
    public var createdAt: Date

    public init(code: String, target: String, calendarID: String, eventID: String, createdAt: Date) {
        self.code = code
        self.target = target
        self.calendarID = calendarID
        self.eventID = eventID
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case code, target
        case calendarID = "calendar_id"
        case eventID = "event_id"
        case createdAt = "created_at"
    }

    /// A fresh random code: 12 base62 characters, about 71 bits, too many to guess.
    public static func randomCode() -> String {
        Base62.random(count: 12)
    }
}

extension AppDatabase {
    /// Stores a short link.
    public func saveLink(_ link: ShortLink) async throws {
        try await writer.write { db in try link.insert(db) }
    }

    /// The short link with this code, if any.
    public func link(code: String) async throws -> ShortLink? {
        try await readRepairing { db in try ShortLink.fetchOne(db, key: code) }
    }
}
