import Foundation
import GRDB

/// A row of `sync_state`: where a calendar's incremental sync resumes, and the window its last
/// full sync covered.
public struct SyncState: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "sync_state"

    public var calendarID: String
    public var syncToken: String?
    public var windowStart: Date?
    public var windowEnd: Date?
    public var fullSyncAt: Date?
    public var timeZone: String?

    enum CodingKeys: String, CodingKey {
        case calendarID = "calendar_id", syncToken = "sync_token", windowStart = "window_start"
        case windowEnd = "window_end", fullSyncAt = "full_sync_at", timeZone = "time_zone"
    }

    init(calendarID: String) {
        self.calendarID = calendarID
    }
}
