public import Logging
public import ServiceLifecycle

/// Watching: syncs every watched calendar every `POLL_INTERVAL`, or at once when its doorbell
/// rings (a push notification, a confirmed cancellation), and rings the sender when a sync
/// decided messages (the write-back when a location problem came or went). One calendar failing
/// does not stop the others.
public struct CalendarWatcher: Service, CustomStringConvertible {
    let sync: CalendarSync
    let calendarIDs: [String]
    let pollInterval: Duration
    let bells: ServiceBells
    let logger: Logger

    public init(sync: CalendarSync, calendarIDs: [String], pollInterval: Duration, bells: ServiceBells, logger: Logger) {
        self.sync = sync
        self.calendarIDs = calendarIDs
        self.pollInterval = pollInterval
        self.bells = bells
        self.logger = logger
    }

    public var description: String { "CalendarWatcher" }

    public func run() async {
        await ServiceLoop.run(bells.watcher) {
            let report = await syncAll()
            return report.problems.isEmpty ? pollInterval : min(pollInterval, ServiceLoop.retrySoon)
        }
    }

    /// What one round over the calendars decided, and what went wrong.
    public struct Report: Sendable {
        public var decided: [OutboxMessage] = []
        public var problems: [String] = []
    }

    /// Syncs every calendar once; the sender is rung when anything was decided.
    public func syncAll() async -> Report {
        var report = Report()
        var calendarBehind = false
        for calendarID in calendarIDs {
            do {
                let plan = try await sync.sync(calendarID: calendarID)
                report.decided += plan.notices
                calendarBehind = calendarBehind || plan.events.contains { $0.locationProblem != $0.problemShown }
            } catch {
                logger.error("calendar sync failed", metadata: ["calendar": "\(calendarID)", "error": "\(error)"])
                report.problems.append("calendar \(calendarID): \(error)")
            }
        }
        if !report.decided.isEmpty { bells.sender.ring() }
        // A location problem to show (or to take away) is the write-back's news, not the sender's.
        if calendarBehind { bells.writeBack.ring() }
        return report
    }
}
