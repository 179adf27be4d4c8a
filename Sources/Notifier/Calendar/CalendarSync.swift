import Foundation
import GoogleCalendar

/// Syncs one watched calendar: a full sync over a window (from a day ago to ~90 days ahead,
/// refreshed daily), then incremental syncs with the stored token; `410` falls back to a full
/// sync. Decisions are compared with what attendees were told, so a full resync re-sends nothing.
public struct CalendarSync: Sendable {
    public static let windowPast: TimeInterval = 86_400
    public static let windowAhead: TimeInterval = 90 * 86_400
    public static let fullSyncEvery: TimeInterval = 86_400

    let google: GoogleCalendarClient
    let store: any SyncStore
    let detector: ChangeDetector
    let defaultCallingCode: CallingCode?
    let now: @Sendable () -> Date

    public init(
        google: GoogleCalendarClient, store: any SyncStore, notifyHorizon: Duration?,
        defaultCallingCode: CallingCode?, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.google = google
        self.store = store
        self.detector = ChangeDetector(notifyHorizon: notifyHorizon)
        self.defaultCallingCode = defaultCallingCode
        self.now = now
    }

    /// Reads Google and decides, changing nothing anywhere.
    public func plan(calendarID: String) async throws -> SyncPlan {
        let now = now()
        var state = try await store.syncState(calendarID: calendarID) ?? SyncState(calendarID: calendarID)
        let baseToken = state.syncToken
        var listing: EventListing?
        if let token = state.syncToken, let last = state.fullSyncAt, now.timeIntervalSince(last) < Self.fullSyncEvery {
            do {
                listing = try await google.listAllEvents(calendarID: calendarID, query: .incremental(syncToken: token))
            } catch let error as GoogleAPIError where error.isFullSyncRequired {
                listing = nil
            }
        }
        let wasFullSync = listing == nil
        if wasFullSync {
            let window = (start: now.addingTimeInterval(-Self.windowPast), end: now.addingTimeInterval(Self.windowAhead))
            listing = try await google.listAllEvents(
                calendarID: calendarID, query: .full(timeMin: window.start, timeMax: window.end))
            state.windowStart = window.start
            state.windowEnd = window.end
            state.fullSyncAt = now
        }
        guard let listing else { preconditionFailure("a listing is fetched on every path") }
        state.syncToken = listing.nextSyncToken
        state.timeZone = listing.timeZone ?? state.timeZone

        var plan = SyncPlan(calendarID: calendarID, baseToken: baseToken, wasFullSync: wasFullSync,
                            events: [], notices: [], state: state,
                            ledger: RescheduleLedger(try await store.openReschedules(at: now)))
        let seen = try await decideChanges(listing.events, calendarID: calendarID, now: now, into: &plan)
        try await decideDueAnnouncements(calendarID: calendarID, skipping: seen, now: now, into: &plan)
        return plan
    }

    /// Plans, then writes the plan in one transaction (retrying once if another sync got there first).
    @discardableResult
    public func sync(calendarID: String) async throws -> SyncPlan {
        do {
            let plan = try await self.plan(calendarID: calendarID)
            try await store.apply(plan)
            return plan
        } catch SyncStoreError.concurrentSync {
            let plan = try await self.plan(calendarID: calendarID)
            try await store.apply(plan)
            return plan
        }
    }

    private func decideChanges(
        _ events: [CalendarEvent], calendarID: String, now: Date, into plan: inout SyncPlan
    ) async throws -> Set<String> {
        let stored = try await store.events(calendarID: calendarID, ids: Set(events.map(\.id)))
        // An event edited during a paged listing can appear twice; its last appearance is newest.
        var lastAppearance: [String: Int] = [:]
        for (index, event) in events.enumerated() { lastAppearance[event.id] = index }
        for (index, event) in events.enumerated() where lastAppearance[event.id] == index {
            // A deleted event we never knew about told nobody anything; there is nothing to keep.
            if stored[event.id] == nil, event.isDeleted { continue }
            var row = stored[event.id] ?? StoredEvent(calendarID: calendarID, eventID: event.id)
            row.merge(event)
            decide(&row, now: now, state: plan.state, into: &plan)
        }
        return Set(events.map(\.id))
    }

    /// Events held back come due with time, not with a change in Google: by `NOTIFY_HORIZON`, or
    /// while a Calendly booking waits for its reschedule confirmation.
    private func decideDueAnnouncements(
        calendarID: String, skipping seen: Set<String>, now: Date, into plan: inout SyncPlan
    ) async throws {
        var until: Date?
        if let horizon = detector.notifyHorizon { until = now.addingTimeInterval(TimeInterval(horizon.components.seconds)) }
        if plan.ledger.isOpen { until = now.addingTimeInterval(Self.windowAhead) }
        guard let until else { return }
        for var row in try await store.unannouncedEvents(calendarID: calendarID, startingBetween: now, and: until)
        where !seen.contains(row.eventID) {
            decide(&row, now: now, state: plan.state, into: &plan)
        }
    }

    private func decide(_ row: inout StoredEvent, now: Date, state: SyncState, into plan: inout SyncPlan) {
        defer { plan.events.append(row) }
        // A session the attendee moved through Calendly: its deletion is not news to them.
        if plan.ledger.superseding(calendarID: row.calendarID, eventID: row.eventID) != nil {
            if row.told.isLive { row.told.cancelled = true }
            return
        }
        let appointment = Appointment(event: row, defaultCallingCode: defaultCallingCode)
        guard var decision = detector.decide(told: row.told, appointment: appointment, now: now) else { return }
        if decision.kind == .scheduled, !row.told.isLive, appointment.isCalendlyBooking {
            if let origin = plan.ledger.claim(phone: decision.phone.e164, calendarID: row.calendarID, eventID: row.eventID, now: now) {
                decision.kind = .rescheduled
                decision.previousStart = origin.oldStartAt
            } else if plan.ledger.isAwaitingBooking(phone: decision.phone.e164, now: now) {
                return
            }
        }
        row.told = decision.told
        plan.notices.append(OutboxMessage(
            decision: decision, event: row, appointment: appointment, calendarTimeZone: state.timeZone, now: now))
    }
}

extension OutboxMessage {
    init(decision: Decision, event: StoredEvent, appointment: Appointment, calendarTimeZone: String?, now: Date) {
        self.init(
            id: nil, calendarID: event.calendarID, eventID: event.eventID, noticeKey: "r\(decision.told.revision)",
            kind: decision.kind, phone: decision.phone.e164,
            summary: decision.kind == .cancelled ? appointment.summaryWithoutCancelPrefix : appointment.summary,
            startAt: decision.start, previousStartAt: decision.previousStart,
            timeZone: appointment.timeZone ?? calendarTimeZone, sequence: event.sequence, state: .pending,
            twilioSID: nil, attempts: 0, nextAttemptAt: now, lastAttemptAt: nil, error: nil, createdAt: now,
            body: nil, contentSID: nil, contentVariables: nil, cancelCode: nil, rescheduleCode: nil, writebackDue: false)
    }
}
