public import Logging
public import ServiceLifecycle

/// Watching: syncs every watched calendar every `POLL_INTERVAL`, or at once when its doorbell
/// rings (a push notification, a confirmed cancellation), and rings the sender when a sync
/// decided messages. One calendar failing does not stop the others.
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
        for calendarID in calendarIDs {
            do {
                report.decided += try await sync.sync(calendarID: calendarID).notices
            } catch {
                logger.error("calendar sync failed", metadata: ["calendar": "\(calendarID)", "error": "\(error)"])
                report.problems.append("calendar \(calendarID): \(error)")
            }
        }
        if !report.decided.isEmpty { bells.sender.ring() }
        return report
    }
}
