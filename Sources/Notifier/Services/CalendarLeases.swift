/// Which calendars this process syncs, watches and writes back (DESIGN.md §27). With several
/// workers on one PostgreSQL database, each calendar has one worker at a time, so Google (or
/// CalDAV, or Graph) sees one reader and one writer per calendar however many workers run; the
/// others take it over within a poll interval when that worker dies. Messages, webhooks and pages
/// need no lease: any worker serves them.
package protocol CalendarLeases: Sendable {
    /// Whether this process leads `calendarID` now (it did, or it took it just now).
    func lead(_ calendarID: String) async -> Bool
    /// Gives `calendarID` up and does not take it again for `duration`: this worker cannot reach
    /// the calendar, and another worker may (its network, its proxy). If none takes it, this one
    /// takes it back after `duration`. False, and nothing given up, when no other worker runs.
    func stepDown(_ calendarID: String, for duration: Duration) async -> Bool
}

/// One process on its own database (SQLite's lock sees to that): it leads every calendar, and
/// has no one to hand one to.
package struct SoleWorker: CalendarLeases {
    package init() {}

    package func lead(_ calendarID: String) async -> Bool { true }

    package func stepDown(_ calendarID: String, for duration: Duration) async -> Bool { false }
}
