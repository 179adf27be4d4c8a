public import Foundation

/// `sync --dry-run`: reads the calendars and the database, decides, and writes nothing anywhere.
public struct DryRun: Sendable {
    let settings: Settings
    /// Opened for reading only: SQLite's file read-only, PostgreSQL's only read.
    let store: any ServiceStore
    let source: any CalendarSource
    let calendarIDs: [String]
    let links: AttendeeLinks
    let now: @Sendable () -> Date

    package init(settings: Settings, store: any ServiceStore, source: any CalendarSource, calendarIDs: [String], links: AttendeeLinks,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.settings = settings
        self.store = store
        self.source = source
        self.calendarIDs = calendarIDs
        self.links = links
        self.now = now
    }

    /// What a dry run found: the notices, and the calendars that could not be read, each named.
    public struct Plan: Sendable {
        public var notices: [PlannedNotice] = []
        public var problems: [String] = []
    }

    /// The notices a sync would send now, calendar by calendar, with their texts; a calendar that
    /// cannot be read is named in `problems` and the others are still planned. Links are shown as
    /// `PUBLIC_BASE_URL/r/…`: their codes are made, and stored, only when a message is sent.
    public func plan() async throws -> Plan {
        let templates = try MessageTemplates.load(directory: settings.templatesDirectory)
        let text = NoticeText(settings: settings, templates: templates)
        let sync = CalendarSync(source: source, store: store, notifyHorizon: settings.notifyHorizon,
                                defaultCallingCode: settings.defaultCallingCode, reminders: settings.reminders, now: now)
        var plan = Plan()
        for calendarID in calendarIDs {
            let decided: [OutboxMessage]
            do {
                decided = try await sync.plan(calendarID: calendarID).notices
            } catch {
                plan.problems.append(source.problem(calendarID: calendarID, error: error))
                continue
            }
            // Reminders planned for later are not sent now.
            for notice in decided where notice.nextAttemptAt <= now() {
                // The links the drafter will make, each shown as a placeholder.
                let noticeLinks = links.noticeLinks(links.actions(for: notice)) { _ in links.placeholderURL }
                var written = notice
                written.language = text.languages.language(eventTag: notice.language.flatMap(Language.init(tag:)),
                                                           chosen: try await store.chosenLanguage(of: notice.phone), phone: notice.phone).code
                plan.notices.append(PlannedNotice(notice, text: text.body(for: written, links: noticeLinks)))
            }
        }
        return plan
    }
}

/// One notice `sync` reports (sent, or with `--dry-run` to be sent); `--json` prints each as one
/// line with exactly these fields.
public struct PlannedNotice: Sendable, Equatable {
    public var kind: String
    public var calendar: String
    public var event: String
    public var to: String
    public var start: Date
    public var previousStart: Date?
    public var text: String

    init(_ notice: OutboxMessage, text: String) {
        kind = notice.kind.rawValue
        calendar = notice.calendarID
        event = notice.eventID
        to = notice.phone
        start = notice.startAt
        previousStart = notice.previousStartAt
        self.text = text
    }

    /// `{"kind", "calendar", "event", "to", "start", "previous_start", "text"}` in that order, times
    /// in ISO 8601 (UTC), `previous_start` null unless rescheduled.
    public var jsonLine: String {
        let fields: [(String, String?)] = [
            ("kind", kind), ("calendar", calendar), ("event", event), ("to", to),
            ("start", Self.iso8601(start)), ("previous_start", previousStart.map(Self.iso8601)), ("text", text),
        ]
        let members = fields.map { name, value in "\"\(name)\":\(value.map(Self.jsonString) ?? "null")" }
        return "{" + members.joined(separator: ",") + "}"
    }

    static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func jsonString(_ value: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let data = (try? encoder.encode(value)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
