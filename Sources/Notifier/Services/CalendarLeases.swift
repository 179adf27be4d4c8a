/// Which calendars this process syncs, watches and writes back (DESIGN.md §27). With several
/// workers on one PostgreSQL database, each calendar has one worker at a time, so Google (or
/// CalDAV, or Graph) sees one reader and one writer per calendar however many workers run; the
/// others take it over within a poll interval when that worker dies. Messages, webhooks and pages
/// need no lease: any worker serves them.
package protocol CalendarLeases: Sendable {
    /// Whether this process leads `calendarID` now (it did, or it took it just now).
    func lead(_ calendarID: String) async -> Bool
}

/// One process on its own database (SQLite's lock sees to that): it leads every calendar.
package struct SoleWorker: CalendarLeases {
    package init() {}

    package func lead(_ calendarID: String) async -> Bool { true }
}
