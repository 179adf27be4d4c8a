import Foundation

/// Reminders (DESIGN.md §15), planned from the calendar on every change: one per offset of
/// `REMINDERS`, due at start − offset, for every attendee who was told the session is on (per
/// instance of a repeating session). At most once per (event, attendee, start, offset): the key
/// says so, so a re-sync never plans one twice. A moved session's unsent reminders make way for
/// ones at the new time; a cancelled, muted or removed attendee's go; a reminder whose moment
/// came before the attendee heard of the session is not planned (created 30 minutes ahead: no
/// "1h" reminder). The sender sends one when it comes due, even late after a restart, unless the
/// session has begun.
extension CalendarSync {
    /// `standing`: the notice that stands for the attendee after this sync, if any.
    func planReminders(
        for phone: PhoneNumber, _ row: StoredEvent, appointment: Appointment, standing: OutboxMessage?, ledger: AttendeeLedger,
        now: Date, into plan: inout SyncPlan
    ) {
        var wanted: [OutboxMessage] = []
        if let standing, standing.kind == .scheduled || standing.kind == .rescheduled,
           standing.id == nil || standing.state == .pending || standing.state.hasReachedTwilio,
           !appointment.isCancelled, appointment.isOn(at: now), appointment.numbers.phones.contains(phone), let start = appointment.start {
            // A notice decided in this very sync is created now; the moment it went out is what counts.
            let announced = standing.id == nil ? now : standing.createdAt
            wanted = reminders(at: start, after: announced, to: phone, row, appointment: appointment, ledger: ledger, now: now, plan: plan)
        }
        // A reminder is the same one when it names the same attendee, start and offset; one skipped
        // because the attendee had opted out does not count (after START they get the next ones).
        let standing = ledger.reminders.filter { !$0.isOptedOut }
        let wantedIDs = Set(wanted.map { Self.identity(of: $0.noticeKey) })
        plan.superseded.formUnion(standing.filter { $0.state == .pending && !wantedIDs.contains(Self.identity(of: $0.noticeKey)) }
            .compactMap(\.id))
        let existing = Set(standing.map { Self.identity(of: $0.noticeKey) })
        var count = ledger.count
        for var reminder in wanted where !existing.contains(Self.identity(of: reminder.noticeKey)) {
            // The key counts on, so that a reminder replaced earlier (moved, then moved back) can be planned again.
            count += 1
            reminder.noticeKey += "#\(count)"
            plan.notices.append(reminder)
        }
    }

    /// `+919876543210~3600s@1796342400`: the attendee, start and offset a reminder key begins with.
    static func identity(of key: String) -> Substring {
        key.prefix { $0 != "#" }
    }

    /// The reminders of one session to one attendee; their key names the attendee, start and offset.
    func reminders(
        at start: Date, after announced: Date, to phone: PhoneNumber, _ row: StoredEvent, appointment: Appointment,
        ledger: AttendeeLedger, now: Date, plan: SyncPlan
    ) -> [OutboxMessage] {
        reminders.compactMap { offset in
            let seconds = offset.components.seconds
            let due = start.addingTimeInterval(-TimeInterval(seconds))
            guard due > announced, start > now else { return nil }
            var message = OutboxMessage(
                decision: Decision(kind: .reminder, phone: phone, start: start, previousStart: nil),
                key: "\(phone.e164)~\(seconds)s@\(Int(start.timeIntervalSince1970))", event: row, appointment: appointment,
                calendarTimeZone: plan.state.timeZone, now: now)
            message.nextAttemptAt = due
            return message
        }
    }
}
