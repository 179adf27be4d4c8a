public import Foundation
import GRDB

/// A row of `feeds`: the random code of one attendee number's calendar feed.
struct AttendeeFeed: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "feeds"
    var phone: String
    var code: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case phone, code, createdAt = "created_at"
    }

    enum Columns {
        static let code = Column(CodingKeys.code)
    }
}

/// `GET /calendar/{code}.ics` (DESIGN.md §18): one random code per attendee number, and the
/// sessions the feed lists: those the attendee was told are on, and those cancelled in the last
/// seven days, marked so (a subscribed calendar then removes them).
extension AppDatabase {
    /// The number's feed code, made the first time it is asked for: 24 base62 characters.
    public func feedCode(for phone: String, now: Date) async throws -> String {
        try await writer.write { db in
            if let feed = try AttendeeFeed.fetchOne(db, key: phone) { return feed.code }
            let feed = AttendeeFeed(phone: phone, code: ShortLink.randomCode() + ShortLink.randomCode(), createdAt: now)
            try feed.insert(db)
            return feed.code
        }
    }

    /// The number a feed code belongs to, if any.
    public func feedPhone(code: String) async throws -> String? {
        try await readRepairing { db in try AttendeeFeed.filter(AttendeeFeed.Columns.code == code).fetchOne(db)?.phone }
    }

    /// Sessions cancelled for `phone` (their cancelled message reached Twilio) since `since`.
    public func cancelledSessions(of phone: String, since: Date) async throws -> [Session] {
        let keys = try await readRepairing { db in
            typealias Outbox = OutboxMessage.Columns
            return try Row.fetchAll(db, OutboxMessage
                .filter(Outbox.phone == phone && Outbox.kind == Decision.Kind.cancelled.rawValue && Outbox.createdAt >= since)
                .filter([OutboxMessage.State.sent, .delivered, .read, .queued].contains(Outbox.state))
                .select(Outbox.calendarID, Outbox.eventID).distinct())
                .map { (calendarID: $0[0] as String, eventID: $0[1] as String) }
        }
        return try await cancelledSessions(keys, of: phone)
    }
}
