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
           !appointment.isCancelled, appointment.isOn(at: now), appointment.numbers.phones.contains(phone), let start = appointment.start {
            // A notice decided in this very sync is created now; the moment it went out is what counts.
            let announced = standing.id == nil ? now : standing.createdAt
            wanted = reminders(at: start, after: announced, to: phone, row, appointment: appointment, ledger: ledger, now: now, plan: plan)
        }
        let keys = Set(wanted.map(\.noticeKey))
        plan.superseded += ledger.reminders.filter { $0.state == .pending && !keys.contains($0.noticeKey) }.compactMap(\.id)
        let existing = Set(ledger.reminders.map(\.noticeKey))
        plan.notices += wanted.filter { !existing.contains($0.noticeKey) }
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
