import Logging
public import ServiceLifecycle

/// Sending: hands due messages to Twilio when rung (the watcher decided something), when the next
/// retry comes due, and at least every `POLL_INTERVAL`; then rings the write-back so that the
/// calendar shows the outcome. On shutdown, sends in flight finish and no new one starts.
public struct MessageSender: Service, CustomStringConvertible {
    let dispatcher: OutboxDispatcher
    let store: any ServiceStore
    let pollInterval: Duration
    let bells: ServiceBells
    let logger: Logger

    package init(dispatcher: OutboxDispatcher, store: any ServiceStore, pollInterval: Duration, bells: ServiceBells, logger: Logger) {
        self.dispatcher = dispatcher
        self.store = store
        self.pollInterval = pollInterval
        self.bells = bells
        self.logger = logger
    }

    public var description: String { "MessageSender" }

    public func run() async {
        await recoverInterruptedSends()
        await ServiceLoop.run(bells.sender) {
            let report = await sendDue()
            return await nextWait(retrySoon: report.problem != nil)
        }
    }

    /// What one round sent, and what went wrong with the database, if anything.
    public struct Report: Sendable {
        public var dispatch = OutboxDispatcher.Report()
        public var problem: String?
    }

    /// Messages left `sending` by a crash may have reached Twilio: they are reconciled, never resent blindly.
    public func recoverInterruptedSends() async {
        do {
            let recovered = try await store.markInterruptedSendsUnknown()
            if recovered > 0 {
                logger.notice("messages interrupted mid-send will be reconciled", metadata: ["count": "\(recovered)"])
            }
        } catch is CancellationError {
            // The service is stopping (a start that failed, say): nothing went wrong here.
        } catch {
            logger.error("interrupted sends not recovered", metadata: ["error": "\(error)"])
        }
    }

    /// Sends every message due now; the write-back is rung when any outcome is new.
    public func sendDue() async -> Report {
        var report = Report()
        do {
            report.dispatch = try await dispatcher.dispatchDue()
        } catch {
            logger.error("dispatch failed", metadata: ["error": "\(error)"])
            report.problem = "dispatch: \(error)"
        }
        if let refused = report.dispatch.accountProblem { report.problem = report.problem ?? "Twilio refused the account: \(refused)" }
        let dispatch = report.dispatch
        if dispatch.accepted + dispatch.failed + dispatch.deferred + dispatch.skipped > 0 { bells.writeBack.ring() }
        return report
    }

    /// Until the next message comes due, at most the poll interval.
    private func nextWait(retrySoon: Bool) async -> Duration {
        var wait = retrySoon ? min(pollInterval, ServiceLoop.retrySoon) : pollInterval
        if let due = try? await store.nextDueDate() {
            let seconds = max(0, due.timeIntervalSinceNow)
            wait = min(wait, .milliseconds(Int64(seconds * 1_000) + 10))
        }
        return wait
    }
}
