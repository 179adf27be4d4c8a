import CalendarModel
import Foundation

/// A repeating event's instances as one sync sees them: every instance known (this sync's news
/// merged in), which of them this sync listed or brought due, which the host moved, which are
/// seen for the first time, and each attendee's messages about each instance.
struct SeriesState {
    var instances: [StoredEvent]
    var changed: Set<String>
    var moved: Set<String>
    var fresh: Set<String>
    var ledgers: [String: [PhoneNumber: AttendeeLedger]]

    func ledger(_ row: StoredEvent, _ phone: PhoneNumber) -> AttendeeLedger {
        ledgers[row.eventID]?[phone] ?? .empty
    }
}

/// Repeating sessions (DESIGN.md §16): an attendee hears of a series once, with its next dates;
/// then of one instance moved or cancelled on its own; and once more if the whole series goes.
/// Instances that come into the sync window later are not news.
extension CalendarSync {
    func decideSeries(_ series: SeriesState, now: Date, into plan: inout SyncPlan) {
        let appointments = Dictionary(uniqueKeysWithValues: series.instances.map {
            ($0.eventID, Appointment(event: $0, defaultCallingCode: defaultCallingCode))
        })
        for var row in series.instances where series.changed.contains(row.eventID) {
            row.locationProblem = row.timeProblem ?? appointments[row.eventID].flatMap { locationProblem($0, now: now) }
            plan.events.append(row)
        }
        let upcoming = series.instances
            .filter { appointments[$0.eventID].map { $0.isOn(at: now) && !$0.isCancelled } ?? false }
            .sorted { ($0.startAt ?? .distantPast) < ($1.startAt ?? .distantPast) }
        var phones: [PhoneNumber] = []
        for phone in (upcoming + series.instances).flatMap({ appointments[$0.eventID]?.numbers.phones ?? [] })
            + series.instances.flatMap({ series.ledgers[$0.eventID]?.keys.sorted { $0.e164 < $1.e164 } ?? [] })
        where !phones.contains(phone) {
            phones.append(phone)
        }
        for phone in phones {
            let on = upcoming.filter { appointments[$0.eventID].map { $0.numbers.phones.contains(phone) && !$0.isMuted } ?? false }
            decideSeries(for: phone, series, on: on, appointments: appointments, now: now, into: &plan)
        }
    }

    private func decideSeries(
        for phone: PhoneNumber, _ series: SeriesState, on: [StoredEvent], appointments: [String: Appointment], now: Date,
        into plan: inout SyncPlan
    ) {
        let seriesMessages = series.instances.flatMap { series.ledger($0, phone).messages }.filter(\.aboutSeries)
            .sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        let told = seriesMessages.last(where: \.state.hasReachedTwilio)
        guard let announcement = told, announcement.kind == .scheduled else {
            // Not told the series is on: announce it, once. After a try that did not go out, only
            // the host's change (a moved instance) calls for another; a series told it ended and
            // back on, or whose announcement was skipped (its first instance had begun), is
            // announced anew.
            let latest = seriesMessages.last
            let announceable = latest.map {
                $0.state == .pending || ($0.kind == .cancelled && $0.state.hasReachedTwilio)
                    || ($0.state == .skipped && !$0.isOptedOut) || !series.moved.isDisjoint(with: on.map(\.eventID))
            } ?? true
            guard announceable else { return }
            let needed = self.announcement(of: on, to: phone, series: series, appointments: appointments, now: now, plan: plan)
            var standing = needed
            if let needed, let latest, latest.state == .pending, latest.announcesSame(as: needed) {
                standing = latest
            } else {
                plan.superseded.formUnion(seriesMessages.filter { $0.state == .pending }.compactMap(\.id))
                if let needed { plan.notices.append(needed) }
            }
            for row in series.instances where series.changed.contains(row.eventID) || standing != nil {
                guard let appointment = appointments[row.eventID] else { continue }
                planReminders(for: phone, row, appointment: appointment, standing: standing, ledger: series.ledger(row, phone),
                              now: now, into: &plan)
            }
            return
        }
        var decisions: [(row: StoredEvent, decision: Decision)] = []
        for row in series.instances where series.changed.contains(row.eventID) {
            guard let appointment = appointments[row.eventID] else { continue }
            let told = toldState(of: row, series.ledger(row, phone), announcement: announcement)
            if let decision = detector.decide(told: told, phone: phone, appointment: appointment, now: now) {
                decisions.append((row, decision))
            } else {
                let standing = replacePending(of: series.ledger(row, phone), with: nil, into: &plan)
                    ?? (told.isLive ? announcement : nil)
                planReminders(for: phone, row, appointment: appointment, standing: standing, ledger: series.ledger(row, phone),
                              now: now, into: &plan)
            }
        }
        let cancellations = decisions.filter { $0.decision.kind == .cancelled }
        if cancellations.count >= 2 {
            for (row, _) in cancellations {
                replacePending(of: series.ledger(row, phone), with: nil, into: &plan)
                if let appointment = appointments[row.eventID] {
                    planReminders(for: phone, row, appointment: appointment, standing: nil, ledger: series.ledger(row, phone), now: now,
                                  into: &plan)
                }
            }
            decisions.removeAll { $0.decision.kind == .cancelled }
            if on.contains(where: { series.fresh.contains($0.eventID) }) {
                // Old instances gone and new ones come at once: the series moved as a whole (Google
                // gives the instances new ids). It is announced anew, with its new dates.
                if let renewed = self.announcement(of: on, to: phone, series: series, appointments: appointments, now: now, plan: plan) {
                    plan.notices.append(renewed)
                    for row in on {
                        guard let appointment = appointments[row.eventID] else { continue }
                        planReminders(for: phone, row, appointment: appointment, standing: renewed, ledger: series.ledger(row, phone),
                                      now: now, into: &plan)
                    }
                }
                return
            }
            // Deleted, or its remaining instances (or all from one date on) cancelled: one message.
            if let first = cancellations.min(by: { $0.decision.start < $1.decision.start }), let appointment = appointments[first.row.eventID] {
                var message = OutboxMessage(decision: first.decision, key: "\(phone.e164)#\(series.ledger(first.row, phone).count + 1)",
                                            event: first.row, appointment: appointment, calendarTimeZone: plan.state.timeZone, now: now)
                message.aboutSeries = true
                plan.notices.append(message)
            }
        }
        for (row, decision) in decisions {
            guard let appointment = appointments[row.eventID] else { continue }
            let message = OutboxMessage(decision: decision, key: "\(phone.e164)#\(series.ledger(row, phone).count + 1)", event: row,
                                        appointment: appointment, calendarTimeZone: plan.state.timeZone, now: now)
            let standing = replacePending(of: series.ledger(row, phone), with: message, into: &plan)
            planReminders(for: phone, row, appointment: appointment, standing: standing, ledger: series.ledger(row, phone),
                          now: now, into: &plan)
        }
    }

    /// The announcement of the series to `phone`: on its next instance (with that one's links),
    /// naming up to the next three starts; nil when none is ahead or it is beyond the horizon.
    private func announcement(
        of on: [StoredEvent], to phone: PhoneNumber, series: SeriesState, appointments: [String: Appointment], now: Date,
        plan: SyncPlan
    ) -> OutboxMessage? {
        guard let next = on.first, let start = next.startAt, let appointment = appointments[next.eventID],
              detector.isDue(appointment, now: now)
        else { return nil }
        var message = OutboxMessage(
            decision: Decision(kind: .scheduled, phone: phone, start: start, previousStart: nil),
            key: "\(phone.e164)#\(series.ledger(next, phone).count + 1)", event: next, appointment: appointment,
            calendarTimeZone: plan.state.timeZone, now: now)
        message.aboutSeries = true
        let starts = on.prefix(3).compactMap(\.startAt)
        message.seriesDates = SessionTime.dates(starts, in: SessionTime.zone(message.timeZone))
        message.seriesStarts = starts.map { RFC3339.string(from: $0) }.joined(separator: ",")
        return message
    }

    /// What the attendee knows of one instance: its own latest message if one came after the
    /// series' announcement; else the instance as it stood when the series was announced (its
    /// start then, or the series' own start for it if the host has edited it since).
    private func toldState(of row: StoredEvent, _ ledger: AttendeeLedger, announcement: OutboxMessage) -> ToldState {
        if let own = ledger.messages.last(where: { $0.state.hasReachedTwilio && !$0.aboutSeries }), (own.id ?? 0) > (announcement.id ?? 0) {
            return ToldState(start: own.startAt, cancelled: own.kind == .cancelled)
        }
        if announcement.eventID == row.eventID { return ToldState(start: announcement.startAt, cancelled: false) }
        let editedSince = row.updatedAt.flatMap(RFC3339.date(from:)).map { $0 > announcement.createdAt } ?? false
        return ToldState(start: editedSince ? (row.originalStartAt ?? row.startAt) : row.startAt, cancelled: false)
    }

    /// `message` for one instance, replacing what that instance has waiting for the attendee (the
    /// series' own announcement aside); nothing new when its latest message already says the same.
    /// Returns the instance's own notice that stands afterwards, if any.
    @discardableResult
    private func replacePending(of ledger: AttendeeLedger, with message: OutboxMessage?, into plan: inout SyncPlan) -> OutboxMessage? {
        let own = ledger.messages.filter { !$0.aboutSeries || message?.aboutSeries == true }
        if let message, let latest = own.last, latest.announcesSame(as: message) { return latest }
        plan.superseded.formUnion(own.filter { $0.state == .pending }.compactMap(\.id))
        if let message { plan.notices.append(message) }
        return message ?? own.last(where: { $0.state.hasReachedTwilio && !$0.aboutSeries })
    }
}
