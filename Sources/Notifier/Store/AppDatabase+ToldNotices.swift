import Foundation
import GRDB

/// Notices follow what the attendee really heard (DESIGN.md §22). A notice decided while an
/// earlier one was in flight took that one as told; when the earlier one turns out never to have
/// reached Twilio, the newer notices still waiting are decided again from what was really told.
extension AppDatabase {
    private typealias Columns = OutboxMessage.Columns

    /// Why a notice was dropped: it would cancel, or move, a session the attendee never heard of.
    package static let neverToldReason = "not sent: the attendee never heard of the session (the message before it never reached Twilio)"

    /// An earlier notice to the same attendee about the same event whose outcome is not known yet
    /// (in flight, or unclear and to be reconciled): `message` waits for it.
    package func unclearEarlierNotice(than message: OutboxMessage) async throws -> OutboxMessage? {
        // An attendee's first message about an event (`…#1`) has nothing before it: no read needed,
        // which spares every first announcement of a burst a query.
        guard let id = message.id, message.kind != .reminder, !message.noticeKey.hasSuffix("#1") else { return nil }
        return try await readRepairing { db in
            try Self.notices(db, like: message).filter(Columns.id < id)
                .filter([OutboxMessage.State.sending, .unknown].contains(Columns.state))
                .order(Columns.nextAttemptAt).fetchOne(db)
        }
    }

    /// `untold` did not reach Twilio: the newest notice still waiting after it is re-decided from
    /// the last one that did (created → moved while Twilio was down: scheduled at the final time;
    /// created → deleted: nothing; moved → moved back: nothing).
    package func redecideNotices(after untold: OutboxMessage, at now: Date) async throws {
        guard untold.id != nil, untold.kind != .reminder, !untold.aboutSeries else { return }
        try await writer.write { db in
            let all = try Self.notices(db, like: untold).order(Columns.id).fetchAll(db)
            if let changed = Self.redecided(after: untold, among: all, at: now) { try changed.update(db) }
        }
    }

    /// The newest pending notice after `untold` (which never reached the provider), decided again
    /// from what the attendee last heard among `all` (the attendee's notices about the event, in
    /// id order); nil when nothing about it changes. Both stores write what this returns.
    package static func redecided(after untold: OutboxMessage, among all: [OutboxMessage], at now: Date) -> OutboxMessage? {
        guard let untoldID = untold.id,
              var latest = all.last(where: { ($0.id ?? 0) > untoldID && $0.state == .pending }), !latest.aboutSeries
        else { return nil }
        let original = latest
        let told = all.last { $0.id != untoldID && ($0.id ?? 0) < (latest.id ?? 0) && $0.state.hasReachedTwilio }
        let heard = told.map { ToldState(start: $0.startAt, cancelled: $0.kind == .cancelled) } ?? .nothing
        // It waited for the untold one's outcome: now known.
        if latest.nextAttemptAt > now { latest.nextAttemptAt = now }
        let before = latest
        switch (latest.kind, heard.isLive ? heard.start : nil) {
        case (.cancelled, nil):
            latest.state = .skipped
            latest.error = neverToldReason
        case (.rescheduled, nil):
            latest.kind = .scheduled
            latest.previousStartAt = nil
        case (.rescheduled, let start?) where start == latest.startAt:
            latest.state = .skipped
            latest.error = OutboxMessage.supersededReason
        case (.rescheduled, let start?):
            latest.previousStartAt = start
        case (.cancelled, let start?):
            latest.startAt = start
        default:
            break
        }
        if latest != before {
            // Its text and links said what it no longer says: drafted again on its next attempt.
            latest.body = nil
            latest.contentSID = nil
            latest.contentVariables = nil
            latest.cancelCode = nil
            latest.rescheduleCode = nil
            latest.bookCode = nil
        }
        return latest == original ? nil : latest
    }

    /// The outcome of notice `id` is known: the newer notices to the same attendee about the same
    /// event that were postponed to wait for it are due at `now`.
    static func releaseNotices(_ db: Database, waitingFor id: Int64, at now: Date) throws {
        try db.cachedStatement(sql: releaseNoticesSQL).execute(arguments: [now, id, now, id])
    }

    static let releaseNoticesSQL = """
        UPDATE outbox SET next_attempt_at = ?
        WHERE state = 'pending' AND kind != 'reminder' AND id > ? AND next_attempt_at > ?
          AND (calendar_id, event_id, phone) = (SELECT calendar_id, event_id, phone FROM outbox WHERE id = ?)
        """

    /// The notices (not reminders) to the same attendee about the same event as `message`.
    private static func notices(_ db: Database, like message: OutboxMessage) -> QueryInterfaceRequest<OutboxMessage> {
        OutboxMessage.filter(Columns.calendarID == message.calendarID && Columns.eventID == message.eventID)
            .filter(Columns.phone == message.phone && Columns.kind != Decision.Kind.reminder)
    }
}
