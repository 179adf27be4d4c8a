import Foundation
import GRDB

/// A row of `reschedules`: an attendee moving a session through Calendly with a reschedule link.
public struct Reschedule: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "reschedules"

    /// The reschedule link's token, which Calendly hands back as `utm_content`.
    public var token: String
    public var calendarID: String
    /// The session being moved.
    public var eventID: String
    public var phone: String
    public var oldStartAt: Date
    public var openedAt: Date
    /// When Calendly confirmed the new booking (redirect or webhook, whichever came first).
    public var bookedAt: Date?
    public var oldDeletedAt: Date?
    public var newCalendarID: String?
    public var newEventID: String?
    /// The session's title: the new event (Calendly titles it "30 Minute Meeting between …") gets it back.
    public var oldSummary: String?

    /// A reschedule link just opened: nothing booked yet.
    public init(token: String, calendarID: String, eventID: String, phone: String, oldStartAt: Date, openedAt: Date,
                oldSummary: String? = nil) {
        self.oldSummary = oldSummary
        self.token = token
        self.calendarID = calendarID
        self.eventID = eventID
        self.phone = phone
        self.oldStartAt = oldStartAt
        self.openedAt = openedAt
    }

    enum CodingKeys: String, CodingKey {
        case token, calendarID = "calendar_id", eventID = "event_id", phone, oldStartAt = "old_start_at"
        case openedAt = "opened_at", bookedAt = "booked_at", oldDeletedAt = "old_deleted_at"
        case newCalendarID = "new_calendar_id", newEventID = "new_event_id", oldSummary = "old_summary"
    }

    /// Each column named once, for queries.
    public enum Columns {
        static let token = Column(CodingKeys.token)
        static let openedAt = Column(CodingKeys.openedAt)
        static let bookedAt = Column(CodingKeys.bookedAt)
        static let oldStartAt = Column(CodingKeys.oldStartAt)
        static let oldDeletedAt = Column(CodingKeys.oldDeletedAt)
        static let newCalendarID = Column(CodingKeys.newCalendarID)
        static let newEventID = Column(CodingKeys.newEventID)
    }

    /// An attendee who opened a link but has not booked yet may be booking right now: a Calendly
    /// event for their number is held this long for the confirmation, then announced as scheduled.
    public static let holdForBooking: TimeInterval = 30 * 60
    /// A confirmed booking waits this long for its new event to show up in the calendar.
    public static let claimWithin: TimeInterval = 24 * 3_600
}

extension AppDatabase {
    private typealias Columns = Reschedule.Columns

    /// Notes that the attendee followed a reschedule link to Calendly (once per link).
    public func recordRescheduleOpened(_ reschedule: Reschedule) async throws {
        try await writer.write { db in try reschedule.insert(db, onConflict: .ignore) }
    }

    /// Calendly confirmed the booking for `token`: the old event is superseded (deleted without a
    /// cancellation message). Returns the row, or nil when the link was never opened here.
    public func recordRescheduleBooked(token: String, at now: Date) async throws -> Reschedule? {
        try await writer.write { db in
            guard var row = try Reschedule.fetchOne(db, key: token) else { return nil }
            if row.bookedAt == nil {
                row.bookedAt = now
                try row.update(db)
            }
            return row
        }
    }

    /// Reschedules whose new event has been seen and announced, and whose old event, not started
    /// yet, is still to be deleted. Until the new event shows up, the old one stays: a booking that
    /// never reaches the calendar must not leave the attendee with no session at all.
    public func reschedulesAwaitingDeletion(at now: Date) async throws -> [Reschedule] {
        try await readRepairing { db in
            try Reschedule.filter(Columns.newEventID != nil && Columns.oldDeletedAt == nil && Columns.oldStartAt > now).fetchAll(db)
        }
    }

    public func recordOldEventDeleted(token: String, at now: Date) async throws {
        try await writer.write { db in
            _ = try Reschedule.filter(key: token).updateAll(db, Columns.oldDeletedAt.set(to: now))
        }
    }

    /// The reschedules that can still affect what a sync decides.
    public func openReschedules(at now: Date) async throws -> [Reschedule] {
        try await readRepairing { db in
            let since = now.addingTimeInterval(-Reschedule.claimWithin)
            return try Reschedule
                .filter((Columns.bookedAt != nil && Columns.oldStartAt > since) || (Columns.newEventID == nil && Columns.openedAt > since))
                .order(Columns.openedAt).fetchAll(db)
        }
    }
}
