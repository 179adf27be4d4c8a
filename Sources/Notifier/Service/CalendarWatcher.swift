public import ServiceLifecycle

/// Syncs the watched calendars every `POLL_INTERVAL`, or at once when its doorbell rings (a push
/// notification, a cancel confirmed), and rings the outbox courier after each pass. A failed
/// round is logged and retried sooner; shutdown ends the wait at once.
public struct CalendarWatcher: Service {
    let notifier: Notifier
    let doorbell: Doorbell
    let courier: Doorbell

    public init(notifier: Notifier, doorbell: Doorbell, courier: Doorbell) {
        self.notifier = notifier
        self.doorbell = doorbell
        self.courier = courier
    }

    public func run() async {
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully {
                var report = Notifier.PassReport()
                await notifier.syncCalendars(into: &report)
                if !report.decided.isEmpty { courier.ring() }
                let interval = notifier.settings.pollInterval
                await doorbell.wait(upTo: report.problems.isEmpty ? interval : min(interval, .seconds(15)))
            }
        } onGracefulShutdown: {
            doorbell.close()
        }
    }
}

/// Sends due messages and writes outcomes back to the calendar: when rung, when the next retry
/// comes due, and at least every `POLL_INTERVAL`. On shutdown it lets sends in flight finish.
public struct OutboxCourier: Service {
    let notifier: Notifier
    let doorbell: Doorbell

    public init(notifier: Notifier, doorbell: Doorbell) {
        self.notifier = notifier
        self.doorbell = doorbell
    }

    public func run() async {
        if let recovered = try? await notifier.store.markInterruptedSendsUnknown(), recovered > 0 {
            notifier.logger.notice("messages interrupted mid-send will be reconciled", metadata: ["count": "\(recovered)"])
        }
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully {
                var report = Notifier.PassReport()
                await notifier.dispatchAndWriteBack(into: &report)
                await doorbell.wait(upTo: await nextWait(retrySoon: !report.problems.isEmpty || report.writeBacksWaiting > 0))
            }
        } onGracefulShutdown: {
            doorbell.close()
        }
    }

    private func nextWait(retrySoon: Bool) async -> Duration {
        var wait = notifier.settings.pollInterval
        if retrySoon { wait = min(wait, .seconds(15)) }
        if let due = try? await notifier.store.nextDueDate() {
            let seconds = max(0, due.timeIntervalSinceNow)
            wait = min(wait, .milliseconds(Int64(seconds * 1_000) + 10))
        }
        return wait
    }
}
