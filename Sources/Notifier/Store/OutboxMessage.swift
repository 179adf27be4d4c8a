import Foundation
import GRDB

/// A row of `outbox`: one message to one attendee, written in the same transaction as the
/// event state that called for it, so that a crash can lose no message.
public struct OutboxMessage: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "outbox"

    public var id: Int64?
    public var calendarID: String
    public var eventID: String
    /// Names the change announced (`r<revision>`); unique per event.
    public var noticeKey: String
    public var kind: Decision.Kind
    public var phone: String
    public var summary: String
    public var startAt: Date
    public var previousStartAt: Date?
    public var timeZone: String?
    public var sequence: Int
    public var state: State
    public var twilioSID: String?
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastAttemptAt: Date?
    public var error: String?
    public var createdAt: Date
    /// The free text sent, fixed at the first attempt.
    public var body: String?
    /// The approved template and its values (JSON), when the kind has one.
    public var contentSID: String?
    public var contentVariables: String?
    public var cancelCode: String?
    public var rescheduleCode: String?
    /// A cancelled message's book-again link (the built-in booking page).
    public var bookCode: String? = nil
    /// The outcome is not yet shown in the calendar (links block, failure colour and line).
    public var writebackDue: Bool
    /// The event has several attendees: the links act for this one alone, and none reschedules.
    public var forGroup: Bool
    /// Announces (or ends) a whole repeating session rather than this one instance.
    public var aboutSeries: Bool = false
    /// For a repeating session's announcement: its next starts, as the message reads them.
    public var seriesDates: String?
    /// The same starts as instants (ISO 8601, comma-separated), to write them in the attendee's language.
    public var seriesStarts: String? = nil
    /// The event's `#lang` until the message is drafted; from then on, the language it is written in.
    public var language: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, calendarID = "calendar_id", eventID = "event_id", noticeKey = "notice_key", kind, phone, summary
        case startAt = "start_at", previousStartAt = "previous_start_at", timeZone = "time_zone", sequence, state
        case twilioSID = "twilio_sid", attempts, nextAttemptAt = "next_attempt_at", lastAttemptAt = "last_attempt_at"
        case error, createdAt = "created_at", body, contentSID = "content_sid", contentVariables = "content_variables"
        case cancelCode = "cancel_code", rescheduleCode = "reschedule_code", writebackDue = "writeback_due", forGroup = "for_group"
        case aboutSeries = "about_series", seriesDates = "series_dates", bookCode = "book_code"
        case seriesStarts = "series_starts", language
    }

    /// The messages still to send (pending, being sent, or sent with no clear answer), in the
    /// words of the partial index `outbox_due`: SQLite uses that index only for a query whose own
    /// text implies its condition, which a bound value never does.
    /// Written with `OR` (`State.sqlAnyOf` says why); changing it needs a migration that makes the index again.
    static let stillToSendSQL = State.sqlAnyOf([.pending, .sending, .unknown])
    static var stillToSend: SQLExpression { SQL(sql: stillToSendSQL).sqlExpression }

    /// Each column named once, for queries.
    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let calendarID = Column(CodingKeys.calendarID)
        static let eventID = Column(CodingKeys.eventID)
        static let noticeKey = Column(CodingKeys.noticeKey)
        static let state = Column(CodingKeys.state)
        static let createdAt = Column(CodingKeys.createdAt)
        static let twilioSID = Column(CodingKeys.twilioSID)
        static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
        static let error = Column(CodingKeys.error)
        static let writebackDue = Column(CodingKeys.writebackDue)
        static let phone = Column(CodingKeys.phone)
        static let kind = Column(CodingKeys.kind)
        static let aboutSeries = Column(CodingKeys.aboutSeries)
        static let language = Column(CodingKeys.language)
        static let attempts = Column(CodingKeys.attempts)
        static let lastAttemptAt = Column(CodingKeys.lastAttemptAt)
        static let body = Column(CodingKeys.body)
        static let contentSID = Column(CodingKeys.contentSID)
        static let contentVariables = Column(CodingKeys.contentVariables)
        static let cancelCode = Column(CodingKeys.cancelCode)
        static let rescheduleCode = Column(CodingKeys.rescheduleCode)
        static let bookCode = Column(CodingKeys.bookCode)
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension Decision.Kind: DatabaseValueConvertible {}

extension OutboxMessage {
    /// A reminder drafted with reply buttons keeps them, titled, where a template keeps its values:
    /// `{"buttons":[["confirm","Confirm"],…]}` (no template is named then).
    static func buttonsMarker(_ buttons: [(id: String, title: String)]) -> String {
        let pairs = buttons.map { [$0.id, $0.title] }
        return String(decoding: (try? JSONEncoder.sorted.encode(["buttons": pairs])) ?? Data(), as: UTF8.self)
    }

    /// The longest text Meta sends with reply buttons (`interactive`'s body).
    static let replyButtonsTextLimit = 1_024

    /// The reply buttons this message goes with, if it was drafted with them.
    public var replyButtons: [(id: String, title: String)]? {
        guard contentSID == nil, let variables = contentVariables,
              let decoded = try? JSONDecoder().decode([String: [[String]]].self, from: Data(variables.utf8)),
              let pairs = decoded["buttons"], !pairs.isEmpty
        else { return nil }
        return pairs.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
    }
}

/// An attempt's start, as both stores write it.
extension OutboxMessage {
    /// Whether an attempt stores the draft it was given, and its links: the row has none yet, or
    /// it was drafted again (its language changed).
    package func takesDraft(redrafted: Bool) -> Bool {
        body == nil && contentSID == nil || redrafted
    }

    /// The row as an attempt begins: `draft`'s text, language and link codes when it takes them,
    /// `sending`, one attempt more.
    package mutating func begin(taking draft: OutboxMessage?, at now: Date) {
        if let draft {
            (body, contentSID, contentVariables, language) = (draft.body, draft.contentSID, draft.contentVariables, draft.language)
            (cancelCode, rescheduleCode, bookCode) = (draft.cancelCode, draft.rescheduleCode, draft.bookCode)
        }
        state = .sending
        attempts += 1
        lastAttemptAt = now
    }
}
