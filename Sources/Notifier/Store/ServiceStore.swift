import CalendarModel
import Foundation

/// Everything the service keeps, as the rest of the service sees it (DESIGN.md §27): SQLite for
/// one process (`AppDatabase`, the default), PostgreSQL for several workers
/// (`PostgresAppDatabase`). Each method is one transaction named for what it does; both stores
/// keep the same promises, and the same tests run against both.
package protocol ServiceStore: SyncStore {
    // The outbox (Store/AppDatabase+Outbox.swift). With several workers, `dueMessages` claims the
    // messages it returns for this worker, and `beginAttempt` marks one `sending` only while the
    // claim holds.
    func markInterruptedSendsUnknown() async throws -> Int
    func dueMessages(at now: Date, limit: Int) async throws -> [OutboxMessage]
    func outboxMessage(_ calendarID: String, _ eventID: String, noticeKey: String) async throws -> OutboxMessage?
    func nextDueDate() async throws -> Date?
    func beginAttempt(_ message: OutboxMessage, links: [ShortLink], at now: Date, redrafted: Bool) async throws -> AttemptStart
    func hasNewerNotice(than message: OutboxMessage) async throws -> Bool
    func ownedSIDs(among sids: [String]) async throws -> Set<String>
    func recordAccepted(_ id: Int64, sid: String, releasing now: Date?) async throws
    func adoptSentMessage(outboxID id: Int64, sid: String, recipient: String?, at now: Date) async throws -> Bool
    func recordFailed(_ id: Int64, reason: String, state: OutboxMessage.State, showInCalendar: Bool?, releasing now: Date?) async throws
    @discardableResult
    func skipUnsentMessages(calendarIDs: [String], reason: String) async throws -> Int
    func postpone(_ id: Int64, until date: Date) async throws
    func retryLater(_ id: Int64, as state: OutboxMessage.State, at date: Date, error: String) async throws
    func hasProviderID(_ id: Int64) async throws -> Bool
    func allOutboxMessages() async throws -> [OutboxMessage]
    func queueResend(calendarID: String, eventID: String, now: Date) async throws -> Int
    func unclearEarlierNotice(than message: OutboxMessage) async throws -> OutboxMessage?
    func redecideNotices(after untold: OutboxMessage, at now: Date) async throws
    func deliveryReport(sid: String, state: OutboxMessage.State, error: String?, at now: Date) async throws -> DeliveryReportEffect

    // The calendar's write-back.
    func eventsAwaitingWriteBack() async throws -> [(calendarID: String, eventID: String)]
    func annotationSource(calendarID: String, eventID: String) async throws -> AppDatabase.AnnotationSource
    func finishWriteBack(calendarID: String, eventID: String, shown latest: [OutboxMessage], problem: String?,
                         written: CalendarEvent?) async throws

    // Attendees, their sessions and replies.
    func session(calendarID: String, eventID: String) async throws -> Session?
    func storedEvent(calendarID: String, eventID: String) async throws -> StoredEvent?
    func sessions(of phone: String, startingBetween start: Date, and end: Date) async throws -> [Session]
    func inboundReply(messageSID sid: String) async throws -> String?
    /// Keeps the answer to an inbound message, unless one is kept already: the answer kept, and
    /// whether it was this one (two workers taking the same message at once answer it once).
    func saveInboundReply(_ inbound: InboundReply) async throws -> (reply: String, saved: Bool)
    func isOptedOut(_ phone: String) async throws -> Bool
    func optOut(_ phone: String, at now: Date) async throws
    func optIn(_ phone: String) async throws
    func lastInbound(from phone: String) async throws -> Date?
    func lastMessage(to phone: String) async throws -> OutboxMessage?
    func message(twilioSID sid: String) async throws -> OutboxMessage?
    func recordCancelQuestion(_ phone: String, calendarID: String, eventID: String, at now: Date) async throws
    func clearCancelQuestion(to phone: String) async throws
    func cancelQuestion(to phone: String) async throws -> CancelQuestion?
    func recordConfirmation(_ confirmation: Confirmation) async throws
    func confirmations(calendarID: String, eventID: String) async throws -> [Confirmation]
    func requestCancellation(_ request: CancellationRequest) async throws
    func recordCancelledByAttendee(_ phone: String, calendarID: String, eventID: String, at now: Date) async throws
    func cancelledByAttendee(_ phone: String, calendarID: String, eventID: String) async throws -> Bool
    func cancellationsRequested() async throws -> [CancellationRequest]
    func finishCancellation(_ id: Int64, at now: Date) async throws
    func upcomingEvents(startingBetween start: Date, and end: Date) async throws -> [StoredEvent]
    func calendarTimeZones() async throws -> [String: String]
    func chosenLanguage(of phone: String) async throws -> Language?
    func chosenLanguages(of phones: Set<String>) async throws -> [String: Language]
    func chooseLanguage(_ language: Language?, for phone: String, at now: Date) async throws

    // Links, feeds, reschedules, push channels.
    func saveLink(_ link: ShortLink) async throws
    func link(code: String) async throws -> ShortLink?
    func feedCode(for phone: String, now: Date) async throws -> String
    func feedPhone(code: String) async throws -> String?
    func cancelledSessions(of phone: String, since: Date) async throws -> [Session]
    func recordRescheduleOpened(_ reschedule: Reschedule) async throws
    func recordRescheduleBooked(token: String, at now: Date) async throws -> Reschedule?
    func reschedulesAwaitingDeletion(at now: Date) async throws -> [Reschedule]
    func recordOldEventDeleted(token: String, at now: Date) async throws
    func openPushChannels() async throws -> [PushChannel]
    func pushChannel(id: String) async throws -> PushChannel?
    func pushChannel(resourceID: String) async throws -> PushChannel?
    func savePushChannel(_ channel: PushChannel) async throws
    func forgetPushChannels(at now: Date) async throws
    func recordPushChannelRenewed(id: String, until expiry: Date) async throws
    func recordPushChannelWatched(id: String, resourceID: String, until expiry: Date) async throws -> Bool
    func recordPushChannelStopped(id: String, at now: Date) async throws

    // The host: dashboard, logins, connected accounts.
    func hostDashboard(now: Date, calendar: String?, colors: (success: String, failure: String, confirmed: String),
                       languages: LanguageChoice) async throws -> HostDashboard
    func openHostSession(id: String, key: String, expiresAt: Date, now: Date) async throws
    func isHostSessionOpen(id: String, key: String, now: Date) async throws -> Bool
    func closeHostSession(id: String) async throws
    func saveConnectedAccount(_ row: ConnectedAccountRow) async throws
    func replaceRefreshToken(provider: String, account: String, sealed: String) async throws
    func connectedAccount(provider: String) async throws -> ConnectedAccountRow?
    func connectedAccounts() async throws -> [ConnectedAccountRow]
    @discardableResult
    func removeConnectedAccount(provider: String) async throws -> Bool
    func forgetSyncCursors(calendarIDs: [String]) async throws

    // Health and figures.
    func isHealthy() async -> Bool
    /// Gives the store's connections back (PostgreSQL's pool); SQLite closes with its last user.
    func close() async
    func unreadableRows() async -> String?
    @discardableResult
    func repairUnreadableRows() async throws -> Int
    func storedFigures(now: Date) async throws -> StoredFigures
}

/// What became of a message about to be sent (`ServiceStore.beginAttempt`).
package enum AttemptStart: Equatable, Sendable {
    /// Marked `sending`: this is the message as it is to be sent.
    case sending(OutboxMessage)
    /// Another dispatcher (or worker) got to it, or it was decided again: the next pass takes it as it is.
    case changed
    /// The number opted out (STOP): skipped, and its event is to say so.
    case optedOut
}

/// What a provider's report on a message did (`ServiceStore.deliveryReport`).
public enum DeliveryReportEffect: Equatable, Sendable {
    /// The message moved to the report's state.
    case applied
    /// The send is not answered yet: the report waits for it, and its answer applies it.
    case kept
    /// Nothing the message is not known to have reached already.
    case noNews
}

/// The usual values of the requirements' trailing arguments.
extension ServiceStore {
    /// Records the report; true when the message's state changed (what the store tests ask).
    package func recordDeliveryReport(sid: String, state: OutboxMessage.State, error: String?, at now: Date) async throws -> Bool {
        try await deliveryReport(sid: sid, state: state, error: error, at: now) == .applied
    }

    package func beginAttempt(_ message: OutboxMessage, links: [ShortLink], at now: Date) async throws -> AttemptStart {
        try await beginAttempt(message, links: links, at: now, redrafted: false)
    }

    package func recordAccepted(_ id: Int64, sid: String) async throws {
        try await recordAccepted(id, sid: sid, releasing: nil)
    }

    package func recordFailed(_ id: Int64, reason: String, state: OutboxMessage.State = .failed, showInCalendar: Bool? = nil,
                              releasing now: Date? = nil) async throws {
        try await recordFailed(id, reason: reason, state: state, showInCalendar: showInCalendar, releasing: now)
    }

    package func finishWriteBack(calendarID: String, eventID: String, shown latest: [OutboxMessage], problem: String?) async throws {
        try await finishWriteBack(calendarID: calendarID, eventID: eventID, shown: latest, problem: problem, written: nil)
    }

    package func hostDashboard(now: Date, calendar: String? = nil, colors: (success: String, failure: String, confirmed: String),
                               languages: LanguageChoice = LanguageChoice()) async throws -> HostDashboard {
        try await hostDashboard(now: now, calendar: calendar, colors: colors, languages: languages)
    }
}

/// What both stores build from their own queries.
extension ServiceStore {
    /// The sessions of `events` that are cancelled, each as `phone`'s (the feed's cancelled
    /// entries: the attendee sees their own, not the group's).
    package func cancelledSessions(_ events: [(calendarID: String, eventID: String)], of phone: String) async throws -> [Session] {
        var sessions: [Session] = []
        for event in events {
            if var session = try await session(calendarID: event.calendarID, eventID: event.eventID), session.isCancelled {
                session.attendees = [phone]
                sessions.append(session)
            }
        }
        return sessions
    }
}
