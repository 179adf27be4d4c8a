import Metrics
import Logging
import Synchronization
public import ServiceLifecycle

/// Watching: syncs every watched calendar every `POLL_INTERVAL`, or at once when its doorbell
/// rings (a push notification, a confirmed cancellation), and rings the sender when a sync
/// decided messages (the write-back when a location problem came or went). One calendar failing
/// does not stop the others.
public struct CalendarWatcher: Service, CustomStringConvertible {
    let sync: CalendarSync
    /// The watched calendars; read each round, since an account that connects late joins them.
    let calendars: CalendarDirectory
    let pollInterval: Duration
    let bells: ServiceBells
    let logger: Logger
    /// The calendars this worker syncs (all of them, but with several workers on PostgreSQL).
    let leases: any CalendarLeases
    private let asked = AskedCalendars()
    private let unreachable = UnreachableCalendars()

    package init(sync: CalendarSync, calendars: CalendarDirectory, pollInterval: Duration, bells: ServiceBells, logger: Logger,
                 leases: any CalendarLeases = SoleWorker()) {
        self.sync = sync
        self.calendars = calendars
        self.pollInterval = pollInterval
        self.bells = bells
        self.logger = logger
        self.leases = leases
    }

    public var description: String { "CalendarWatcher" }

    public func run() async {
        let clock = ContinuousClock()
        var lastPoll = clock.now
        var first = true
        await ServiceLoop.run(bells.watcher) {
            // A push notification names its calendar: only that one is synced, unless the poll is due.
            let calendars = asked.take()
            let pollDue = first || clock.now - lastPoll >= pollInterval
            first = false
            if pollDue || calendars.isEmpty { lastPoll = clock.now }
            let report = await syncAll(only: pollDue || calendars.isEmpty ? nil : calendars)
            let untilPoll = pollInterval - (clock.now - lastPoll)
            return report.retrySoon ? min(untilPoll, ServiceLoop.retrySoon) : max(untilPoll, .milliseconds(1))
        }
    }

    /// Asks for a sync of `calendarID` now (a push notification said it changed).
    public func syncSoon(_ calendarID: String) {
        asked.add(calendarID)
        bells.watcher.ring()
    }

    /// What one round over the calendars decided, and what went wrong.
    public struct Report: Sendable {
        public var decided: [OutboxMessage] = []
        public var problems: [String] = []
        /// A failure that may pass (an outage, a rate limit): try again soon rather than at the
        /// next poll. A disconnected calendar waits for the poll: asking sooner changes nothing.
        public var retrySoon = false
    }

    /// Syncs every calendar once (or those in `only`); the sender is rung when anything was decided.
    /// An account that could not connect is tried again first.
    public func syncAll(only: Set<String>? = nil) async -> Report {
        var report = Report()
        var calendarBehind = false
        let watchedBefore = calendars.calendarIDs.count
        for problem in await calendars.connectWaiting() {
            logger.error("calendar account disconnected", metadata: ["problem": "\(problem)"])
            report.problems.append(problem)
        }
        // Calendars that just joined need their push channels now, not at the keeper's next hour.
        if calendars.calendarIDs.count > watchedBefore { bells.push.ring() }
        for calendarID in calendars.calendarIDs where only?.contains(calendarID) ?? true {
            // Another worker syncs it; taken over at a poll when that worker is gone. What this
            // worker saw of it while it led it (a failure, say) is no longer news.
            guard await leases.lead(calendarID) else {
                calendars.record(calendarID: calendarID, error: nil)
                continue
            }
            let started = ContinuousClock.now
            defer { Self.recordSync(since: started) }
            do {
                let plan = try await sync.sync(calendarID: calendarID)
                unreachable.reached(calendarID)
                calendars.record(calendarID: calendarID, error: nil)
                Counter(label: "gcal_whatsapp_syncs_total", dimensions: [("outcome", "ok")]).increment()
                report.decided += plan.notices
                calendarBehind = calendarBehind || plan.events.contains { $0.locationProblem != $0.problemShown }
            } catch is CancellationError {
                // The service is stopping: not a failure of the calendar's.
                break
            } catch {
                Counter(label: "gcal_whatsapp_syncs_total", dimensions: [("outcome", "failed")]).increment()
                calendars.record(calendarID: calendarID, error: error)
                report.retrySoon = report.retrySoon || sync.source.accessHint(for: error) == nil
                let problem = sync.source.problem(calendarID: calendarID, error: error)
                logger.error("calendar sync failed", metadata: ["calendar": "\(calendarID)", "error": "\(problem)"])
                report.problems.append(problem)
                // Not a refusal, a rate limit or a server error, which every worker would meet, but
                // this worker not getting through, time after time: another worker may.
                if (error as? any CalendarSourceFailure)?.isNotGettingThrough == true {
                    if unreachable.missed(calendarID), await leases.stepDown(calendarID, for: max(pollInterval * 3, .seconds(30))) {
                        logger.notice("calendar left to the other workers for a while: this one cannot get through to it",
                                      metadata: ["calendar": "\(calendarID)", "failures": "\(UnreachableCalendars.limit)"])
                    }
                } else {
                    unreachable.reached(calendarID)
                }
            }
        }
        if !report.decided.isEmpty { bells.sender.ring() }
        // A location problem to show (or to take away) is the write-back's news, not the sender's.
        if calendarBehind { bells.writeBack.ring() }
        return report
    }
}

/// Syncs in a row, by calendar, that did not get through: after `limit` of them this worker steps
/// down from the calendar when another worker runs (alone, it simply keeps trying).
final class UnreachableCalendars: Sendable {
    static let limit = 3
    private let failures = Mutex<[String: Int]>([:])

    func reached(_ calendarID: String) {
        failures.withLock { _ = $0.removeValue(forKey: calendarID) }
    }

    /// Counts one more failure; true (and the count starts again) when it makes `limit`.
    func missed(_ calendarID: String) -> Bool {
        failures.withLock { failures in
            let count = failures[calendarID, default: 0] + 1
            failures[calendarID] = count < Self.limit ? count : nil
            return count >= Self.limit
        }
    }
}

/// The calendars push notifications asked to sync, until the watcher takes them.
final class AskedCalendars: Sendable {
    private let calendars = Mutex<Set<String>>([])

    func add(_ calendarID: String) {
        calendars.withLock { _ = $0.insert(calendarID) }
    }

    func take() -> Set<String> {
        calendars.withLock { calendars in
            defer { calendars.removeAll() }
            return calendars
        }
    }
}

extension CalendarWatcher {
    /// How long one calendar's sync took (`gcal_whatsapp_sync_duration_seconds`).
    static func recordSync(since started: ContinuousClock.Instant) {
        let took = ContinuousClock.now - started
        Timer(label: "gcal_whatsapp_sync_duration_seconds", preferredDisplayUnit: .seconds)
            .recordNanoseconds(took.components.seconds * 1_000_000_000 + took.components.attoseconds / 1_000_000_000)
    }
}
