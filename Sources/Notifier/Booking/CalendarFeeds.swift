public import Foundation
import GRDB

/// An attendee's sessions as an iCalendar feed (RFC 5545): CRLF line ends, lines folded at 75
/// octets without splitting a character, text escaped, times in UTC.
public struct CalendarFeed: Sendable {
    public var name: String
    public var sessions: [Session]
    public var cancelled: [Session]
    public var now: Date
    /// Each session's links to cancel and reschedule it, for its `DESCRIPTION` and `URL`.
    public var links: @Sendable (Session) -> FeedLinks?

    public init(name: String, sessions: [Session], cancelled: [Session], now: Date,
                links: @escaping @Sendable (Session) -> FeedLinks? = { _ in nil }) {
        self.name = name
        self.sessions = sessions
        self.cancelled = cancelled
        self.now = now
        self.links = links
    }

    /// Where an attendee manages a session.
    public struct FeedLinks: Sendable {
        public var cancel: String
        public var reschedule: String?

        public init(cancel: String, reschedule: String?) {
            self.cancel = cancel
            self.reschedule = reschedule
        }
    }

    public var text: String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//gcal-whatsapp//Sessions//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", "X-WR-CALNAME:\(Self.escape(name))", "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
                     "X-PUBLISHED-TTL:PT1H"]
        for session in sessions { lines += event(session, status: "CONFIRMED") }
        for session in cancelled { lines += event(session, status: "CANCELLED") }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    func event(_ session: Session, status: String) -> [String] {
        let end = session.end ?? session.start.addingTimeInterval(3_600)
        var lines = ["BEGIN:VEVENT", "UID:\(Self.escape(session.iCalUID ?? "\(session.eventID)@google.com"))",
                     "DTSTAMP:\(Self.utc(now))", "DTSTART:\(Self.utc(session.start))", "DTEND:\(Self.utc(max(end, session.start)))",
                     "SEQUENCE:\(session.sequence)", "STATUS:\(status)", "SUMMARY:\(Self.escape(session.summary.isEmpty ? "Session" : session.summary))"]
        // Instances of a series share the series' UID; each is told apart by its own start.
        if let original = session.originalStart { lines.append("RECURRENCE-ID:\(Self.utc(original))") }
        // The place, without anyone's phone number (a group's location names every attendee).
        if let place = session.location.flatMap(LocationNumbers.withoutNumbers) { lines.append("LOCATION:\(Self.escape(place))") }
        if status == "CONFIRMED", let links = links(session) {
            var description = "Need to change it?\nCancel: \(links.cancel)"
            if let reschedule = links.reschedule { description += "\nReschedule: \(reschedule)" }
            lines.append("DESCRIPTION:\(Self.escape(description))")
            lines.append("URL:\(links.reschedule ?? links.cancel)")
        }
        lines.append("END:VEVENT")
        return lines
    }

    /// `20261207T093000Z`.
    static func utc(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11); the
    /// control characters TEXT may not hold (all but tab; vertical tab and escape among them) dropped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\r": escaped += "\\n"
            // "\r\n" is one line break.
            case "\n": if previous != "\r" { escaped += "\\n" }
            case "\t": escaped.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: break
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Lines longer than 75 octets continue on lines starting with a space (§3.1), split between
    /// Unicode scalars, never inside one's UTF-8 bytes. A character made of many scalars (a letter
    /// with a run of combining marks) may be split: the limit is in octets, and unfolding joins it again.
    static func fold(_ line: String) -> String {
        var folded = String.UnicodeScalarView(), current = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if current + size > 75 {
                folded.append(contentsOf: "\r\n ".unicodeScalars)
                current = 1
            }
            folded.append(scalar)
            current += size
        }
        return String(folded)
    }
}

extension CalendarFeed {
    /// Sessions from a day ago up to a year ahead: a subscribed calendar keeps today's session
    /// visible, and one booked far ahead appears as soon as it is told.
    static let past: TimeInterval = 86_400
    static let ahead: TimeInterval = 365 * 86_400
    /// How long a cancelled session stays in the feed as `STATUS:CANCELLED`, so that subscribed
    /// calendars (which refresh within hours, not minutes) remove it.
    static let cancelledFor: TimeInterval = 7 * 86_400

    /// The feed behind `code`, or nil for a code that names no attendee; each session carries its
    /// cancel and reschedule links for that attendee when `links` is given.
    package static func forAttendee(code: String, in store: any ServiceStore, business: String?, links: AttendeeLinks?,
                                   now: Date) async throws -> CalendarFeed? {
        guard let phone = try await store.feedPhone(code: code) else { return nil }
        let sessions = try await store.sessions(of: phone, startingBetween: now.addingTimeInterval(-past), and: now.addingTimeInterval(ahead))
        let cancelled = try await store.cancelledSessions(of: phone, since: now.addingTimeInterval(-cancelledFor))
        return CalendarFeed(name: business.map { "\($0) sessions" } ?? "My sessions", sessions: sessions,
                            cancelled: cancelled, now: now) { session in
            links?.feedLinks(for: session, attendee: phone)
        }
    }
}
