import CalendarModel
import Foundation

/// Syncs one watched calendar of any `CalendarSource`: a full sync over a window (from a day ago
/// to ~90 days ahead, refreshed daily), then incremental syncs from the stored cursor; a cursor
/// the source no longer accepts falls back to a full sync. Decisions are compared with what attendees were told, so a full resync re-sends nothing.
public struct CalendarSync: Sendable {
    public static let windowPast: TimeInterval = 86_400
    public static let windowAhead: TimeInterval = 90 * 86_400
    public static let fullSyncEvery: TimeInterval = 86_400

    let source: any CalendarSource
    let store: any SyncStore
    let detector: ChangeDetector
    let defaultCallingCode: CallingCode?
    /// `REMINDERS`: how long before each session a reminder goes.
    let reminders: [Duration]
    let now: @Sendable () -> Date

    public init(
        source: any CalendarSource, store: any SyncStore, notifyHorizon: Duration?,
        defaultCallingCode: CallingCode?, reminders: [Duration] = [], now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.source = source
        self.store = store
        self.detector = ChangeDetector(notifyHorizon: notifyHorizon)
        self.defaultCallingCode = defaultCallingCode
        self.reminders = reminders
        self.now = now
    }

    /// Reads the calendar and decides, changing nothing anywhere.
    public func plan(calendarID: String) async throws -> SyncPlan {
        let now = now()
        var state = try await store.syncState(calendarID: calendarID) ?? SyncState(calendarID: calendarID)
        let baseToken = state.syncToken
        let window = DateInterval(start: now.addingTimeInterval(-Self.windowPast), end: now.addingTimeInterval(Self.windowAhead))
        var changes: CalendarChanges?
        if let token = state.syncToken, let last = state.fullSyncAt, now.timeIntervalSince(last) < Self.fullSyncEvery {
            do {
                changes = try await source.changes(calendarID: calendarID, since: token, window: window)
            } catch let error as any CalendarSourceFailure where error.isCursorExpired {
                changes = nil
            }
        }
        let wasFullSync = changes == nil
        if wasFullSync {
            changes = try await source.changes(calendarID: calendarID, since: nil, previous: state.syncToken, window: window)
            state.windowStart = window.start
            state.windowEnd = window.end
            state.fullSyncAt = now
        }
        guard let changes else { preconditionFailure("changes are fetched on every path") }
        state.syncToken = changes.cursor
        state.timeZone = changes.timeZone ?? state.timeZone

        var plan = SyncPlan(calendarID: calendarID, baseToken: baseToken, wasFullSync: wasFullSync,
                            events: [], notices: [], state: state,
                            ledger: RescheduleLedger(try await store.openReschedules(at: now)))
        let seen = try await decideChanges(changes.events, calendarID: calendarID, now: now, into: &plan)
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
        var rows: [StoredEvent] = []
        var moved: Set<String> = [], fresh: Set<String> = []
        for (index, event) in events.enumerated() where lastAppearance[event.id] == index {
            // A deleted event we never knew about told nobody anything; there is nothing to keep.
            if stored[event.id] == nil, event.isDeleted { continue }
            var row = stored[event.id] ?? StoredEvent(calendarID: calendarID, eventID: event.id)
            row.merge(event)
            if let before = stored[event.id] {
                if before.startAt != row.startAt { moved.insert(event.id) }
            } else {
                fresh.insert(event.id)
            }
            rows.append(row)
        }
        try await decide(rows, calendarID: calendarID, moved: moved, fresh: fresh, now: now, into: &plan)
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
        let rows = try await store.upcomingEvents(calendarID: calendarID, startingBetween: now, and: until)
            .filter { !seen.contains($0.eventID) }
        try await decide(rows, calendarID: calendarID, moved: [], fresh: [], now: now, into: &plan)
    }

    /// Decides for one-off events one by one, and for the instances of each repeating event together.
    private func decide(
        _ rows: [StoredEvent], calendarID: String, moved: Set<String>, fresh: Set<String>, now: Date, into plan: inout SyncPlan
    ) async throws {
        let seriesIDs = Set(rows.compactMap(\.seriesID))
        var instances = Dictionary(grouping: try await store.seriesInstances(calendarID: calendarID, seriesIDs: seriesIDs)) {
            $0.seriesID ?? ""
        }
        for row in rows where row.seriesID != nil {
            instances[row.seriesID!, default: []].removeAll { $0.eventID == row.eventID }
            instances[row.seriesID!, default: []].append(row)
        }
        let ids = Set(rows.map(\.eventID)).union(instances.values.joined().map(\.eventID))
        let ledgers = try await store.attendeeLedgers(calendarID: calendarID, eventIDs: ids)
        for var row in rows where row.seriesID == nil {
            decide(&row, ledgers: ledgers[row.eventID] ?? [:], now: now, into: &plan)
        }
        for (seriesID, all) in instances where !seriesID.isEmpty {
            let changed = Set(rows.filter { $0.seriesID == seriesID }.map(\.eventID))
            decideSeries(SeriesState(instances: all, changed: changed, moved: moved, fresh: fresh, ledgers: ledgers), now: now, into: &plan)
        }
    }

    /// Decides for each attendee of `row`: the location's numbers, and those who were told and are
    /// gone from it. Each decision replaces what that attendee has waiting that is not sent yet.
    func decide(_ row: inout StoredEvent, ledgers: [PhoneNumber: AttendeeLedger], now: Date, into plan: inout SyncPlan) {
        defer { plan.events.append(row) }
        // A session the attendee moved through Calendly: its deletion is not news to them, and
        // what still waited for it (a reminder for the old time) goes.
        if plan.ledger.superseding(calendarID: row.calendarID, eventID: row.eventID) != nil {
            for ledger in ledgers.values {
                plan.superseded.formUnion((ledger.pending + ledger.reminders.filter { $0.state == .pending }).compactMap(\.id))
            }
            return
        }
        let appointment = Appointment(event: row, defaultCallingCode: defaultCallingCode)
        row.locationProblem = row.timeProblem ?? locationProblem(appointment, now: now)
        let known = ledgers.keys.filter { !appointment.numbers.phones.contains($0) }.sorted { $0.e164 < $1.e164 }
        for phone in appointment.numbers.phones + known {
            let ledger = ledgers[phone] ?? .empty
            var needed = detector.decide(told: ledger.told, phone: phone, appointment: appointment, now: now)
            if var decision = needed, decision.kind == .scheduled, !ledger.told.isLive, appointment.isCalendlyBooking, !appointment.isGroup {
                if let origin = plan.ledger.claim(phone: phone.e164, calendarID: row.calendarID, eventID: row.eventID, now: now) {
                    decision.kind = .rescheduled
                    decision.previousStart = origin.oldStartAt
                    needed = decision
                } else if plan.ledger.isAwaitingBooking(phone: phone.e164, now: now) {
                    continue
                }
            }
            var message = needed.map {
                OutboxMessage(decision: $0, key: "\($0.phone.e164)#\(ledger.count + 1)", event: row, appointment: appointment,
                              calendarTimeZone: plan.state.timeZone, now: now)
            }
            // Moved through Calendly: the message names the session as the host titled it.
            if let summary = plan.ledger.claims.last(where: { $0.newEventID == row.eventID })?.oldSummary, !summary.isEmpty {
                message?.summary = summary
            }
            let standing = coalesce(message, with: ledger, into: &plan)
            planReminders(for: phone, row, appointment: appointment, standing: standing, ledger: ledger, now: now, into: &plan)
        }
    }

    /// Sends `message` unless the attendee's latest message already says the same; a message not
    /// handed to Twilio yet that says something else is replaced (created then moved: one message at
    /// the new time; created then deleted, or moved and moved back: nothing).
    /// Returns the notice that stands for the attendee afterwards (what reminders follow).
    @discardableResult
    func coalesce(_ message: OutboxMessage?, with ledger: AttendeeLedger, into plan: inout SyncPlan) -> OutboxMessage? {
        if let message, let latest = ledger.latest, latest.announcesSame(as: message) {
            return latest.state == .pending || latest.state.hasReachedTwilio ? latest : nil
        }
        plan.superseded.formUnion(ledger.pending.compactMap(\.id))
        if let message { plan.notices.append(message) }
        return message ?? ledger.messages.last(where: \.state.hasReachedTwilio)
    }

    /// The `Not sent: …` line for a location with a number-like text that cannot be used, while the
    /// session is ahead and not muted or cancelled (DESIGN.md §6: nothing is skipped silently).
    func locationProblem(_ appointment: Appointment, now: Date) -> String? {
        guard !appointment.isCancelled, appointment.isOn(at: now) else { return nil }
        if let text = appointment.numbers.ambiguous.first {
            return "Not sent: \"\(text)\" holds two different numbers; keep only the attendee's (several attendees: separate their numbers with commas)."
        }
        guard let text = appointment.numbers.unusable.first else { return nil }
        return "Not sent: \"\(text)\" is not a WhatsApp number with a country code (write it as +<country code> <number>)."
    }
}

extension OutboxMessage {
    init(decision: Decision, key: String, event: StoredEvent, appointment: Appointment, calendarTimeZone: String?, now: Date) {
        self.init(
            id: nil, calendarID: event.calendarID, eventID: event.eventID, noticeKey: key,
            kind: decision.kind, phone: decision.phone.e164,
            summary: decision.kind == .cancelled ? appointment.summaryWithoutCancelPrefix : appointment.summary,
            startAt: decision.start, previousStartAt: decision.previousStart,
            timeZone: appointment.timeZone ?? calendarTimeZone, sequence: event.sequence, state: .pending,
            twilioSID: nil, attempts: 0, nextAttemptAt: now, lastAttemptAt: nil, error: nil, createdAt: now,
            body: nil, contentSID: nil, contentVariables: nil, cancelCode: nil, rescheduleCode: nil, writebackDue: false,
            forGroup: appointment.isGroup)
        language = appointment.language?.code
    }
}
