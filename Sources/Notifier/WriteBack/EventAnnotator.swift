import Foundation
import CalendarModel
import ServiceLifecycle
import Logging

/// Shows each message's outcome in its event: links block, failure line, colour (one pass of the
/// `CalendarWriteBack` service). Patches send
/// only the changed fields with `If-Match`; when the host edits the event at the same moment
/// (`412`), the event is read again and the patch recomputed, so the host's edit is kept.
public struct EventAnnotator: Sendable {
    let store: any ServiceStore
    let source: any CalendarSource
    let publicBaseURL: URL
    let colors: EventAnnotation.Colors
    let pacer: RatePacer
    let logger: Logger
    /// `DEFAULT_COUNTRY_CODE`, to read the numbers in a location as the sync does.
    let defaultCallingCode: CallingCode?
    /// The calendars this worker writes back.
    let leases: any CalendarLeases

    package init(store: any ServiceStore, source: any CalendarSource, publicBaseURL: URL, colors: EventAnnotation.Colors, writesPerSecond: Int,
                defaultCallingCode: CallingCode? = nil, logger: Logger, leases: any CalendarLeases = SoleWorker()) {
        self.defaultCallingCode = defaultCallingCode
        self.leases = leases
        self.pacer = RatePacer(perSecond: writesPerSecond)
        self.store = store
        self.source = source
        self.publicBaseURL = publicBaseURL
        self.colors = colors
        self.logger = logger
    }

    /// Updates every event whose latest outcome the calendar does not show yet, several at a time
    /// within `GOOGLE_WRITE_RATE`; returns how many are still waiting (Google unreachable: they are
    /// tried again on the next pass).
    @discardableResult
    public func writeDue() async throws -> Int {
        var due = try await store.eventsAwaitingWriteBack()[...]
        // Each calendar is written back by the worker that leads it (one writer per calendar).
        var led: [String: Bool] = [:]
        for (calendarID, _) in due where led[calendarID] == nil { led[calendarID] = await leases.lead(calendarID) }
        due = due.filter { led[$0.calendarID] == true }[...]
        var waiting = 0
        await withTaskGroup(of: Bool.self) { group in
            func next() {
                // On shutdown, write-backs in flight finish and no new one starts: the rest stay
                // due in the database for the next start (thousands could take many minutes).
                guard !Task.isShuttingDownGracefully, let (calendarID, eventID) = due.popFirst() else { return }
                group.addTask {
                    do {
                        try await pacer.waitForSlot()
                        try await annotate(calendarID: calendarID, eventID: eventID)
                        return true
                    } catch {
                        logger.warning("calendar write-back deferred",
                                       metadata: ["calendar": "\(calendarID)", "event": "\(eventID)", "error": "\(error)"])
                        return false
                    }
                }
            }
            for _ in 0..<Self.concurrency { next() }
            for await done in group {
                if !done { waiting += 1 }
                next()
            }
        }
        return waiting
    }

    /// Write-backs in flight at once: Google answers a write in 100 to 300 ms, so a few in
    /// parallel are needed to use the quota; the pacer keeps them within it.
    public static let concurrency = 8

    /// The problem for the log, every digit a `*`: it quotes the location, which may hold a
    /// number (the attendee's, written without a country code) or an account or card number, and
    /// logs carry no numbers (DESIGN.md §12). The event itself and the dashboard show it whole.
    static func maskingDigits(_ problem: String) -> String {
        String(problem.map { $0.isNumber ? "*" : $0 })
    }

    private func annotate(calendarID: String, eventID: String) async throws {
        let told = try await store.annotationSource(calendarID: calendarID, eventID: eventID)
        // A number the host has taken out of the session is no longer the event's business: its
        // failure (a typo the host then fixed) must not keep the event red (found by review).
        // A cancellation it was sent still shows, so the host sees whether it reached them.
        let inSession = told.location.map { Set(LocationNumbers($0, defaultCallingCode: defaultCallingCode).phones.map(\.e164)) }
        let latest = told.latest.filter { inSession?.contains($0.phone) ?? true || $0.kind == .cancelled }
        let problem = told.locationProblem
        let annotation = EventAnnotation(latest: latest, locationProblem: problem, confirmations: told.confirmations,
                                         timeZone: SessionTime.zone(told.timeZone), publicBaseURL: publicBaseURL, colors: colors)
        if let problem {
            logger.warning("event not announced: its location or time cannot be used",
                           metadata: ["calendar": "\(calendarID)", "event": "\(eventID)", "problem": "\(Self.maskingDigits(problem))"])
        }
        func finish(written: CalendarEvent?) async throws {
            try await store.finishWriteBack(calendarID: calendarID, eventID: eventID, shown: latest, problem: problem, written: written)
        }
        if let known = told.event {
            // What the event showed when last read or written: nothing to change costs Google
            // nothing, and a change is written at once with that etag; an edit by the host since
            // makes the etag stale, and the event is then read and patched afresh below.
            guard let patch = annotation.patch(for: known) else { return try await finish(written: nil) }
            do {
                return try await finish(written: try await source.update(calendarID: calendarID, eventID: eventID, patch: patch,
                                                                         ifMatch: known.etag))
            } catch let failure as any CalendarSourceFailure where failure.isConflict || failure.isGone {
                if failure.isGone { return try await finish(written: nil) }
            }
        }
        try await finish(written: try await source.update(calendarID: calendarID, eventID: eventID, keepingEdits: { annotation.patch(for: $0) }))
    }
}
