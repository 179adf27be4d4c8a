import CalendarModel
public import Foundation
import GRDB

/// What the host dashboard shows (DESIGN.md §19): each session from a week ago to a month ahead,
/// newest change first, with its attendees, every message and its fate, planned reminders,
/// replies, and its colour; and a summary on top. The same data is `GET /host/api/sessions`.
public struct HostDashboard: Codable, Sendable {
    public struct Summary: Codable, Sendable {
        public var messagesToday = 0
        public var deliveredPercent: Int?
        public var failed = 0
        public var confirmedPercent: Int?
        public var optedOutNumbers = 0
    }

    public struct Message: Codable, Sendable {
        public var kind: String
        public var at: Date
        /// `pending`, `sent`, `delivered`, `read`, `failed`, `skipped`… (Twilio's `queued` and ours
        /// `sending`/`unknown` read as `pending`, `undelivered` as `failed`).
        public var state: String
        /// Twilio's reason for a failure, or why it was skipped; numbers in it masked.
        public var reason: String?
        public var id: Int64
    }

    public struct Reply: Codable, Sendable {
        /// What the reply did, as the conversation recorded it: `confirmed`, `asked to cancel`,
        /// `cancelled`, `asked to reschedule`, `opted out`, `opted in`, `help`, `listed`…
        public var kind: String
        public var at: Date
    }

    public struct Attendee: Codable, Sendable {
        public var masked: String
        public var phone: String
        public var messages: [Message]
        public var reminders: [Date]
        public var replies: [Reply]
        public var optedOut: Bool
        /// The language their next message is written in (DESIGN.md §26).
        public var language: String
        /// The one they (or the host) chose, if any: an event's `#lang` comes before it.
        public var chosenLanguage: String?
        /// Whether the event's `#lang` decides it.
        public var languageFromEvent: Bool?
    }

    public struct Session: Codable, Sendable {
        public var calendar: String
        public var event: String
        public var summary: String
        public var start: Date?
        public var timeZone: String?
        public var cancelled: Bool
        public var muted: Bool
        /// Google's colour id as the calendar shows it, and its name.
        public var colorId: String?
        public var colour: String
        public var changedAt: Date
        public var attendees: [Attendee]
        /// A message failed and the session is ahead, not muted and not cancelled: what "Send
        /// again" sends (`the scheduled message`, `the reminder`…), nil when it is not offered.
        public var resend: String?
        public var canResend: Bool { resend != nil }
        /// Red in the calendar: an attendee's latest message failed, or the location or time
        /// cannot be used (`problem`). The summary, the filter and the list all use this.
        public var failed: Bool
        /// The `Not sent: …` line the calendar shows for the location or the time, if any.
        public var problem: String?
        public var confirmed: Bool
    }

    public var summary: Summary
    public var sessions: [Session]
}

extension HostDashboard {
    /// The dashboard's filters (`/host?filter=…`).
    public enum Filter: String, Sendable {
        /// Sessions the calendar shows red: a message failed, or the location cannot be used.
        case failed
        /// Announced sessions not cancelled whose attendees have not all confirmed.
        case unconfirmed
    }

    /// The sessions a filter shows; all of them without one.
    public func sessions(showing filter: Filter?) -> [Session] {
        switch filter {
        case .failed: sessions.filter(\.failed)
        case .unconfirmed: sessions.filter { !$0.confirmed && !$0.cancelled && !$0.attendees.isEmpty }
        case nil: sessions
        }
    }
}

extension HostDashboard.Session {
    /// Which kind of calendar the session is in: CalDAV calendars are watched by their collection
    /// URL, Google's by an id that is never a URL.
    public var source: String {
        calendar.hasPrefix("https://") || calendar.hasPrefix("http://") ? "CalDAV" : "Google Calendar"
    }
}
