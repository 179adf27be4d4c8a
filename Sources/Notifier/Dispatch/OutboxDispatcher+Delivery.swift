import Foundation
import Logging

extension OutboxDispatcher {
    /// Reconciles an unknown outcome, fixes the message's text and links, sends, and records.
    /// `chosen`: the language the attendee chose, if any.
    func deliver(_ message: OutboxMessage, chosen: Language? = nil) async throws -> Outcome {
        guard let id = message.id else { return .untouched }
        if message.state == .unknown {
            let marker = (message.cancelCode ?? message.bookCode).map { drafter.links.shortURL(code: $0) }
            switch await provider.findSent(message, marker: marker) {
            case .found(let sid):
                try await store.recordAccepted(id, sid: sid, releasing: releaseTime(message))
                logger.info("whatsapp message found after an unclear answer", metadata: metadata(message, ["message_id": "\(LoggedMessageID.shown(sid))"]))
                return .accepted
            case .unreachable(let error):
                try await store.retryLater(id, as: .unknown, at: nextTry(message), error: error.reason)
                return .deferred()
            case .notYetKnown:
                // Its status may still come (Meta); until it does or the wait is over, nothing is sent again.
                try await store.postpone(id, until: now().addingTimeInterval(schedule.delay(afterAttempts: 1)))
                return .untouched
            case .notFound:
                // It never reached Twilio, and a later change was decided since: sending it now
                // would put stale news after the newer message, which itself took it as told.
                if message.kind != .reminder, try await store.hasNewerNotice(than: message) {
                    try await store.recordFailed(id, reason: OutboxMessage.supersededReason, state: .skipped)
                    try await store.redecideNotices(after: message, at: now())
                    return .untouched
                }
            }
        } else if let earlier = try await store.unclearEarlierNotice(than: message) {
            // An earlier notice may or may not have reached the attendee: this one was decided as
            // if it had, so it waits until that is known (and is decided again if it had not).
            let after = max(earlier.nextAttemptAt, now().addingTimeInterval(schedule.delay(afterAttempts: 1)))
            try await store.postpone(id, until: after)
            return .untouched
        }
        let now = now()
        if message.startAt <= now, message.kind != .cancelled {
            try await store.recordFailed(id, reason: "not sent: the session had already started", state: .skipped)
            return .untouched
        }
        try await pacer.waitForSlot()
        // Inside the 24-hour window (10 minutes kept in hand), a reminder may carry its own buttons;
        // asked on every attempt, since a retry may come after the window closed.
        var windowOpen = false
        if message.kind == .reminder, provider.sendsReplyButtons, let wrote = try await store.lastInbound(from: message.phone) {
            windowOpen = now.timeIntervalSince(wrote) < 86_400 - 600
        }
        var message = message
        // Drafted with buttons inside a window that has closed since: drafted again (the template).
        let redrafted = message.replyButtons != nil && !windowOpen
        if redrafted { (message.body, message.contentVariables) = (nil, nil) }
        var draft: (message: OutboxMessage, links: [ShortLink]) = (message, [])
        if message.body == nil && message.contentSID == nil {
            draft = drafter.draft(message, chosen: chosen, windowOpen: windowOpen, now: now)
        }
        let sending: OutboxMessage
        switch try await store.beginAttempt(draft.message, links: draft.links, at: now, redrafted: redrafted) {
        case .sending(let message): sending = message
        case .changed: return .untouched
        case .optedOut:
            // STOP (checked in the attempt's own write, so one that just came counts): nothing the
            // business starts goes to the number; its event says so.
            logger.notice("whatsapp message not sent: the attendee opted out", metadata: metadata(message, [:]))
            return .skipped
        }
        do {
            return try await send(sending, id: id, releasing: releaseTime(message))
        } catch {
            throw BegunSend(underlying: error)
        }
    }

    /// Hands a begun message to the provider and records what came of it.
    private func send(_ sending: OutboxMessage, id: Int64, releasing: Date?) async throws -> Outcome {
        let sentID: String
        do throws(SendFailure) {
            sentID = try await SendCallLimit.within { [provider] () async throws(SendFailure) -> String in try await provider.send(sending) }
        } catch {
            return try await settleFailure(sending, error)
        }
        try await store.recordAccepted(id, sid: sentID, releasing: releasing)
        logger.info("whatsapp message sent", metadata: metadata(sending, ["message_id": "\(LoggedMessageID.shown(sentID))"]))
        return .accepted
    }

    /// The database failed after the message was handed over (or may have been): what it came to
    /// is not stored, so it is reconciled with the provider's list before any resend.
    struct BegunSend: Error, CustomStringConvertible {
        let underlying: any Error
        var description: String { "\(underlying)" }
    }

    private func settleFailure(_ message: OutboxMessage, _ error: SendFailure) async throws -> Outcome {
        guard let id = message.id else { return .untouched }
        // Its status came in while the answer was awaited (Meta): it went, whatever the answer said.
        if error.isUnknownOutcome, try await store.hasProviderID(id) {
            logger.info("whatsapp message found by its status while its send was unclear", metadata: metadata(message, [:]))
            return .accepted
        }
        if error.isFinal || message.attempts >= schedule.maxAttempts {
            let reason = error.isFinal ? error.reason : "gave up after \(message.attempts) attempts: \(error.reason)"
            try await store.recordFailed(id, reason: reason, releasing: releaseTime(message))
            logger.warning("whatsapp message failed", metadata: metadata(message, ["error": "\(error.logText)"]))
            // It may have been in flight when a later change was decided: that one is decided again.
            try await store.redecideNotices(after: message, at: now())
            return .failed
        }
        // A message that may have gone is reconciled before the next try; one that cannot have
        // gone (rate limit, no connection) is simply tried again.
        let state: OutboxMessage.State = error.isUnknownOutcome ? .unknown : .pending
        if state == .pending, message.kind != .reminder, try await store.hasNewerNotice(than: message) {
            // It was in flight, so a later change took it as told; it never reached Twilio. The
            // later notice is decided again from what the attendee really heard, and this one goes.
            try await store.recordFailed(id, reason: OutboxMessage.supersededReason, state: .skipped, releasing: now())
            try await store.redecideNotices(after: message, at: now())
            return .untouched
        }
        try await store.retryLater(id, as: state, at: nextTry(message), error: error.reason)
        logger.notice("whatsapp message deferred", metadata: metadata(message, ["error": "\(error.logText)", "state": "\(state)"]))
        return .deferred(accountProblem: error.isCredentialProblem ? error.reason : nil)
    }

    /// For a notice, now: newer notices that waited for its outcome go next (reminders wait for nothing).
    private func releaseTime(_ message: OutboxMessage) -> Date? {
        message.kind == .reminder ? nil : now()
    }

    private func nextTry(_ message: OutboxMessage) -> Date {
        now().addingTimeInterval(schedule.delay(afterAttempts: max(1, message.attempts)))
    }

    /// The log line's fields: never the text, never the full number.
    func metadata(_ message: OutboxMessage, _ extra: Logger.Metadata = [:]) -> Logger.Metadata {
        var fields: Logger.Metadata = [
            "event": "\(message.eventID)", "calendar": "\(message.calendarID)", "kind": "\(message.kind.rawValue)",
            "to": "\(PhoneNumber(e164: message.phone)?.masked ?? "?")", "outbox_id": "\(message.id ?? 0)",
        ]
        fields.merge(extra) { $1 }
        return fields
    }
}
