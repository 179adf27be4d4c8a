import Foundation
import GRDB

/// The outbox's life: due messages are prepared (text and links fixed), handed to Twilio, and
/// settled; each step is one transaction (its commit shared with other messages' steps,
/// `GroupCommit`), so a crash leaves every message in a state it can resume from.
extension AppDatabase {
    private typealias Columns = OutboxMessage.Columns
    private typealias State = OutboxMessage.State

    /// Messages waiting to be tried (first or again).
    static var waiting: SQLExpression { OutboxMessage.stillToSend && [State.pending, .unknown].contains(Columns.state) }

    /// After a crash, a message still `sending` may or may not have reached Twilio. Call it only
    /// while holding the `DatabaseLock`, so that no other process is sending.
    public func markInterruptedSendsUnknown() async throws -> Int {
        try await writer.write { db in
            try OutboxMessage.filter(OutboxMessage.stillToSend && Columns.state == State.sending).updateAll(db, Columns.state.set(to: State.unknown))
        }
    }

    /// Messages to try now, oldest first.
    public func dueMessages(at now: Date, limit: Int) async throws -> [OutboxMessage] {
        try await readRepairing { db in try Self.due(at: now, limit: limit).fetchAll(db) }
    }

    /// The dispatcher's query, run several times a second in a burst: it must find its rows
    /// through `outbox_due` (a test reads its plan).
    static func due(at now: Date, limit: Int) -> QueryInterfaceRequest<OutboxMessage> {
        OutboxMessage.filter(waiting && Columns.nextAttemptAt <= now).order(Columns.nextAttemptAt, Columns.id).limit(limit)
    }

    /// The message announcing change `noticeKey` of an event, as stored now.
    package func outboxMessage(_ calendarID: String, _ eventID: String, noticeKey: String) async throws -> OutboxMessage? {
        try await readRepairing { db in
            try OutboxMessage.filter(Columns.calendarID == calendarID && Columns.eventID == eventID && Columns.noticeKey == noticeKey)
                .fetchOne(db)
        }
    }

    /// When the next waiting message comes due, if any is waiting.
    public func nextDueDate() async throws -> Date? {
        try await readRepairing { db in
            try OutboxMessage.filter(Self.waiting).select(min(Columns.nextAttemptAt), as: Date.self).fetchOne(db)
        }
    }

    /// Fixes a message's text and links (on its first attempt) and marks it `sending`, unless
    /// another dispatcher got to it first or its number opted out, in one write: a STOP that came
    /// a moment ago is never overtaken by a message already on its way out of the outbox.
    /// `redrafted`: the text was drafted anew (a reminder's window closed), and replaces the stored one.
    package func beginAttempt(_ message: OutboxMessage, links: [ShortLink], at now: Date, redrafted: Bool = false) async throws -> AttemptStart {
        try await sendPathWrites.write { db in
            // Another dispatcher got to it, or it was decided again meanwhile (`redecideNotices`):
            // the next pass takes it as it is now.
            // Every message of a burst passes here: the statements are prepared once per connection
            // (preparing them each time, through GRDB's statement authorizer, and encoding every
            // column of the record was a tenth of a burst's CPU).
            guard let id = message.id,
                  var current = try OutboxMessage.fetchOne(db.cachedStatement(sql: SendPath.messageSQL), arguments: [id]),
                  current.state == message.state, current.attempts == message.attempts, current.kind == message.kind,
                  current.startAt == message.startAt, current.previousStartAt == message.previousStartAt
            else { return .changed }
            if try Bool.fetchOne(db.cachedStatement(sql: SendPath.optedOutSQL), arguments: [current.phone]) == true {
                try db.cachedStatement(sql: SendPath.settleSQL)
                    .execute(arguments: [OutboxMessage.State.skipped, OutboxMessage.optedOutReason, true, nil as String?, id])
                return .optedOut
            }
            let takesDraft = current.takesDraft(redrafted: redrafted)
            if takesDraft {
                for link in links {
                    try db.cachedStatement(sql: SendPath.linkSQL)
                        .execute(arguments: [link.code, link.target, link.calendarID, link.eventID, StoredDate(link.createdAt)])
                }
            }
            current.begin(taking: takesDraft ? message : nil, at: now)
            try db.cachedStatement(sql: SendPath.beginSQL).execute(arguments: [
                current.state, current.attempts, StoredDate(now), current.body, current.contentSID, current.contentVariables, current.language,
                current.cancelCode, current.rescheduleCode, current.bookCode, id,
            ])
            return .sending(current)
        }
    }

    /// Whether a later notice (not a reminder) to the same attendee about the same event exists.
    package func hasNewerNotice(than message: OutboxMessage) async throws -> Bool {
        guard let id = message.id else { return false }
        return try await readRepairing { db in
            try OutboxMessage.filter(Columns.calendarID == message.calendarID && Columns.eventID == message.eventID)
                .filter(Columns.phone == message.phone && Columns.id > id && Columns.kind != Decision.Kind.reminder)
                .filter(Columns.error !== OutboxMessage.supersededReason)
                .fetchCount(db) > 0
        }
    }

    /// Which of these Twilio message SIDs already belong to an outbox message.
    package func ownedSIDs(among sids: [String]) async throws -> Set<String> {
        guard !sids.isEmpty else { return [] }
        return try await readRepairing { db in
            try OutboxMessage.filter(sids.contains(Columns.twilioSID)).select(Columns.twilioSID, as: String.self).fetchSet(db)
        }
    }

    /// Twilio accepted the message: the calendar should now show its links. `releasing`: notices
    /// that waited for this one's outcome (`unclearEarlierNotice`) are due again at that time.
    package func recordAccepted(_ id: Int64, sid: String, releasing now: Date? = nil) async throws {
        try await settle(id, state: .queued, sid: sid, error: nil, releasing: now)
    }

    /// A provider's status names the outbox row its send came from (Meta's
    /// `biz_opaque_callback_data`): a send whose answer was unclear is known to have gone, with
    /// this id, and is not sent again. Returns whether the row took it.
    /// `recipient` (digits, as Meta writes it) must be the row's own number: a status of another
    /// install or number that happens to name the same id adopts nothing.
    public func adoptSentMessage(outboxID id: Int64, sid: String, recipient: String?, at now: Date) async throws -> Bool {
        let adopted = try await writer.write { db -> Bool in
            guard let row = try OutboxMessage.filter(key: id).filter(Columns.twilioSID == nil)
                .filter([OutboxMessage.State.unknown, .sending].contains(Columns.state)).fetchOne(db),
                recipient.map({ WhatsAppID.same($0, row.phone) }) ?? true
            else { return false }
            // One statement, conditional on the row still being unclear: two statuses at once adopt once.
            try OutboxMessage.filter(key: id).filter(Columns.twilioSID == nil).updateAll(db, Columns.twilioSID.set(to: sid))
            return db.changesCount > 0
        }
        guard adopted else { return false }
        try await recordAccepted(id, sid: sid, releasing: now)
        return true
    }

    /// Twilio refused the message for good, or it was not sent (it no longer matters, or the
    /// attendee opted out): the calendar shows why, unless skipping it is no news to the host.
    package func recordFailed(_ id: Int64, reason: String, state: OutboxMessage.State = .failed, showInCalendar: Bool? = nil,
                      releasing now: Date? = nil) async throws {
        try await settle(id, state: state, sid: nil, error: reason, showInCalendar: showInCalendar ?? (state != .skipped), releasing: now)
    }

    private func settle(_ id: Int64, state: OutboxMessage.State, sid: String?, error: String?, showInCalendar: Bool = true,
                        releasing now: Date? = nil) async throws {
        try await sendPathWrites.write { db in
            if state == .queued, let sid {
                try db.cachedStatement(sql: SendPath.acceptSQL).execute(arguments: [sid, state, sid, error, showInCalendar, sid, id])
            } else {
                try db.cachedStatement(sql: SendPath.settleSQL).execute(arguments: [state, error, showInCalendar, sid, id])
            }
            if let now {
                try db.cachedStatement(sql: Self.releaseNoticesSQL).execute(arguments: [StoredDate(now), id, StoredDate(now), id])
            }
            // A delivery report that overtook Twilio's answer applies now.
            if let sid { _ = try Self.applyDeliveryReport(db, sid: sid) }
        }
        // Its reports to come are news: they need no read first.
        if let sid { deliveredRanks.record(sid, state.deliveryRank) }
    }

    /// Messages of `calendarIDs` not handed to WhatsApp yet are not sent (their calendar was
    /// disconnected: its sessions may change or go unseen, and their links act on nothing).
    /// One that may have gone (`unknown`) is left to be settled. Returns how many.
    @discardableResult
    public func skipUnsentMessages(calendarIDs: [String], reason: String) async throws -> Int {
        guard !calendarIDs.isEmpty else { return 0 }
        return try await writer.write { db in
            try OutboxMessage.filter(calendarIDs.contains(Columns.calendarID)).filter(Columns.state == OutboxMessage.State.pending.rawValue)
                .updateAll(db, [Columns.state.set(to: OutboxMessage.State.skipped), Columns.error.set(to: reason),
                                Columns.writebackDue.set(to: false)])
        }
    }

    /// Not tried now: due again at `date`, nothing else changed.
    package func postpone(_ id: Int64, until date: Date) async throws {
        try await writer.write { db in
            _ = try OutboxMessage.filter(key: id).updateAll(db, Columns.nextAttemptAt.set(to: date))
        }
    }

    /// Try again at `date`: as `pending` when nothing can have been sent, as `unknown` when
    /// Twilio may have it (the next attempt reconciles first).
    /// A row that meanwhile got its provider id (Meta's status, naming the row, came in while the
    /// send waited for its answer) is left as it is: the message went.
    package func retryLater(_ id: Int64, as state: OutboxMessage.State, at date: Date, error: String) async throws {
        try await writer.write { db in
            _ = try OutboxMessage.filter(key: id).filter(Columns.twilioSID == nil)
                .updateAll(db, Columns.state.set(to: state), Columns.nextAttemptAt.set(to: date), Columns.error.set(to: error))
        }
    }

    /// Whether the row has its provider id now (it was found sent while its send was settled).
    package func hasProviderID(_ id: Int64) async throws -> Bool {
        try await writer.read { db in try OutboxMessage.filter(key: id).filter(Columns.twilioSID != nil).fetchCount(db) > 0 }
    }
}

extension AppDatabase {
    /// Every message in the order it was decided: what was sent, to whom, and how it fared.
    public func allOutboxMessages() async throws -> [OutboxMessage] {
        try await readRepairing { db in try OutboxMessage.order(Columns.id).fetchAll(db) }
    }
}
