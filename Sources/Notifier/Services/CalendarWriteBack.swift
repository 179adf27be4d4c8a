public import ServiceLifecycle

/// Writing back: shows each message's outcome in its event (links block, failure line, colour,
/// confirmation), deletes the old event of a session moved through Calendly, and carries out
/// the cancellations attendees asked for by reply; when rung (a message sent, a delivery report,
/// a booking, a reply) and at least every `POLL_INTERVAL`. Google being slow or down delays only
/// this loop: sending and watching go on.
public struct CalendarWriteBack: Service, CustomStringConvertible {
    let annotator: EventAnnotator
    let superseded: SupersededEvents
    let requested: RequestedCancellations
    let pollInterval: Duration
    let bells: ServiceBells

    public init(annotator: EventAnnotator, superseded: SupersededEvents, requested: RequestedCancellations, pollInterval: Duration,
                bells: ServiceBells) {
        self.annotator = annotator
        self.superseded = superseded
        self.requested = requested
        self.pollInterval = pollInterval
        self.bells = bells
    }

    public var description: String { "CalendarWriteBack" }

    public func run() async {
        await ServiceLoop.run(bells.writeBack) {
            let report = await writeDue()
            return report.problems.isEmpty && report.waiting == 0 ? pollInterval : min(pollInterval, ServiceLoop.retrySoon)
        }
    }

    /// What one round left undone.
    public struct Report: Sendable {
        /// Events still waiting to show an outcome (Google unreachable).
        public var waiting = 0
        public var problems: [String] = []
    }

    /// Deletes superseded events, then brings every event with news up to date.
    public func writeDue() async -> Report {
        var report = Report()
        report.problems += await requested.carryOut()
        report.problems += await superseded.deleteDue()
        do {
            report.waiting = try await annotator.writeDue()
        } catch {
            report.problems.append("calendar write-back: \(error)")
        }
        return report
    }
}
