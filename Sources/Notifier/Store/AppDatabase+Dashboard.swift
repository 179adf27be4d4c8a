import CalendarModel
import Foundation
import GRDB

/// The rows the dashboard is made from, read at one moment (`AppDatabase.hostDashboard(from:…)`).
package struct DashboardRows: Sendable {
    package var events: [StoredEvent]
    package var recent: [OutboxMessage]
    package var confirmations: [Confirmation]
    package var inbound: [InboundReply]
    package var optOuts: [(phone: String, at: Date)]
    package var chosen: [(phone: String, language: String)]

    package init(events: [StoredEvent], recent: [OutboxMessage], confirmations: [Confirmation], inbound: [InboundReply],
                 optOuts: [(phone: String, at: Date)], chosen: [(phone: String, language: String)]) {
        self.events = events
        self.recent = recent
        self.confirmations = confirmations
        self.inbound = inbound
        self.optOuts = optOuts
        self.chosen = chosen
    }
}

extension AppDatabase {
    /// The dashboard's data at `now`; `calendar` limits it to one calendar.
    /// Each attendee's language is the one their next message would be written in (`languages`).
    public func hostDashboard(now: Date, calendar: String? = nil, colors: (success: String, failure: String, confirmed: String),
                              languages: LanguageChoice = LanguageChoice()) async throws -> HostDashboard {
        let rows = try await readRepairing { db in
            let from = now.addingTimeInterval(-7 * 86_400), to = now.addingTimeInterval(30 * 86_400)
            return DashboardRows(
                events: try StoredEvent.filter(StoredEvent.Columns.startAt >= from && StoredEvent.Columns.startAt <= to).fetchAll(db),
                recent: try OutboxMessage.filter(OutboxMessage.Columns.createdAt >= from.addingTimeInterval(-60 * 86_400))
                    .order(OutboxMessage.Columns.id).fetchAll(db),
                confirmations: try Confirmation.fetchAll(db),
                // Every reply, with what it did: those about this session, and those about none
                // (STOP, START, HELP, LIST) from its attendees.
                inbound: try InboundReply
                    .filter(InboundReply.Columns.receivedAt >= from.addingTimeInterval(-60 * 86_400) && InboundReply.Columns.action != nil
                            && InboundReply.Columns.action != "repeated")
                    .order(InboundReply.Columns.receivedAt).fetchAll(db),
                optOuts: try OptOut.fetchAll(db).map { ($0.phone, $0.optedOutAt) },
                chosen: try ChosenLanguage.fetchAll(db).map { ($0.phone, $0.language) })
        }
        return Self.hostDashboard(from: rows, now: now, calendar: calendar, colors: colors, languages: languages)
    }

    /// The dashboard shaped from its rows, as both stores read them.
    package static func hostDashboard(from rows: DashboardRows, now: Date, calendar: String?,
                                      colors: (success: String, failure: String, confirmed: String),
                                      languages: LanguageChoice) -> HostDashboard {
        var events = rows.events
        let recent = rows.recent
        let confirmations = rows.confirmations
        let inbound = rows.inbound
        let optOuts = Dictionary(rows.optOuts.map { ($0.phone, $0.at) }) { first, _ in first }
        let chosen = Dictionary(rows.chosen.map { ($0.phone, Language(tag: $0.language)) }) { first, _ in first }
        if let calendar { events = events.filter { $0.calendarID == calendar } }
        let keys = Set(events.map { "\($0.calendarID)\u{1F}\($0.eventID)" })
        let messages = recent.filter { keys.contains("\($0.calendarID)\u{1F}\($0.eventID)") }
        let byEvent = Dictionary(grouping: messages) { "\($0.calendarID)\u{1F}\($0.eventID)" }

        var sessions: [HostDashboard.Session] = []
        for event in events {
            let key = "\(event.calendarID)\u{1F}\(event.eventID)"
            let eventMessages = byEvent[key] ?? []
            let phones = eventMessages.map(\.phone).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            let eventLanguage = EventDescription(event.description).language
            var attendees: [HostDashboard.Attendee] = []
            for phone in phones {
                let mine = eventMessages.filter { $0.phone == phone }
                var replies: [HostDashboard.Reply] = []
                for reply in inbound where reply.phone == phone {
                    guard reply.calendarID == nil || (reply.calendarID == event.calendarID && reply.eventID == event.eventID) else { continue }
                    replies.append(.init(kind: reply.action ?? "", at: reply.receivedAt))
                }
                // A reminder replanned by a later change was never due: not news to the host.
                let shown = mine.filter { !($0.kind == .reminder && (($0.state == .pending && $0.nextAttemptAt > now) || $0.isSuperseded)) }
                attendees.append(HostDashboard.Attendee(
                    masked: PhoneNumber(e164: phone)?.masked ?? phone, phone: phone,
                    messages: shown.map { message in
                        HostDashboard.Message(kind: message.kind.rawValue, at: message.lastAttemptAt ?? message.createdAt,
                                              state: Self.dashboardState(message.state),
                                              reason: message.error.map { Self.maskingNumbers($0) }, id: message.id ?? 0)
                    },
                    reminders: mine.filter { $0.kind == .reminder && $0.state == .pending && $0.nextAttemptAt > now }.map(\.nextAttemptAt),
                    replies: replies.sorted { $0.at < $1.at }, optedOut: optOuts[phone] != nil,
                    language: languages.language(eventTag: eventLanguage, chosen: chosen[phone] ?? nil, phone: phone).code,
                    chosenLanguage: (chosen[phone] ?? nil)?.code, languageFromEvent: eventLanguage == nil ? nil : true))
            }
            let latest = attendees.compactMap { $0.messages.last }
            let cancelled = event.status == "cancelled" || CancelledTitle.matches(event.summary)
            let muted = EventDescription.isMuted(event.description)
            // As the calendar shows it: red for a failure, and for a message skipped because the
            // attendee had opted out (its line stays until a later message goes through).
            let failedToSend = latest.contains { $0.state == "failed" || ($0.state == "skipped" && $0.reason == OutboxMessage.optedOutReason) }
            let ahead = (event.startAt ?? .distantPast) > now
            let resend = ahead && !cancelled && !muted
                ? Self.resendable(eventMessages, optedOut: Set(optOuts.keys)).first.map(\.kind.resendLabel) : nil
            let changed = ([event.updatedAt.flatMap(RFC3339.date(from:))] + eventMessages.map { $0.lastAttemptAt ?? $0.createdAt }).compactMap { $0 }.max()
            sessions.append(HostDashboard.Session(
                calendar: event.calendarID, event: event.eventID, summary: event.summary, start: event.startAt, timeZone: event.timeZone,
                cancelled: cancelled, muted: muted,
                colorId: event.colorID, colour: Self.colourName(event.colorID, colors), changedAt: changed ?? now,
                attendees: attendees, resend: resend,
                failed: failedToSend || (event.locationProblem != nil && !cancelled), problem: cancelled ? nil : event.locationProblem,
                confirmed: confirmations.contains { $0.calendarID == event.calendarID && $0.eventID == event.eventID }))
        }
        sessions.sort { $0.changedAt > $1.changedAt }

        var summary = HostDashboard.Summary()
        let dayStart = Calendar(identifier: .gregorian).startOfDay(for: now)
        summary.messagesToday = recent.filter { ($0.lastAttemptAt ?? $0.createdAt) >= dayStart && $0.state.hasReachedTwilio }.count
        let reached = messages.filter { [.sent, .delivered, .read, .failed, .undelivered].contains($0.state) }
        if !reached.isEmpty {
            summary.deliveredPercent = reached.filter { [.delivered, .read].contains($0.state) }.count * 100 / reached.count
        }
        // Sessions, as the "Failed only" filter shows them: one source for both.
        summary.failed = sessions.filter(\.failed).count
        let announced = sessions.filter { !$0.attendees.isEmpty && !$0.cancelled }
        if !announced.isEmpty { summary.confirmedPercent = announced.filter(\.confirmed).count * 100 / announced.count }
        summary.optedOutNumbers = optOuts.count
        return HostDashboard(summary: summary, sessions: sessions)
    }

    /// Each attendee's failed message that "Send again" would send anew: the latest message of
    /// theirs that counts (a reminder replanned by a later change does not), when it failed.
    package static func resendable(_ messages: [OutboxMessage], optedOut: Set<String>) -> [OutboxMessage] {
        var latest: [String: OutboxMessage] = [:]
        for message in messages where !(message.kind == .reminder && (message.state == .pending || message.isSuperseded)) {
            latest[message.phone] = message
        }
        // One skipped while the attendee had opted out may go once they replied START.
        return latest.values.filter { [.failed, .undelivered].contains($0.state) || ($0.isOptedOut && !optedOut.contains($0.phone)) }
            .sorted { ($0.id ?? 0) < ($1.id ?? 0) }
    }

    static func dashboardState(_ state: OutboxMessage.State) -> String {
        switch state {
        case .pending, .sending, .queued: "pending"
        // Sent with no clear answer, waiting to be found (Twilio's list) or for its status (Meta).
        case .unknown: "unknown"
        case .sent: "sent"
        case .delivered: "delivered"
        case .read: "read"
        case .failed, .undelivered: "failed"
        case .skipped: "skipped"
        }
    }

    static func colourName(_ id: String?, _ colors: (success: String, failure: String, confirmed: String)) -> String {
        switch id {
        case colors.success?: "green"
        case colors.failure?: "red"
        case colors.confirmed?: "blue"
        case nil: "default"
        default: "colour \(id!)"
        }
    }

    /// Twilio's texts may quote the number (`Invalid 'To' Phone Number: +9198…`): runs of 7 or more
    /// digits keep only their last 4.
    static func maskingNumbers(_ text: String) -> String {
        text.replacing(#/\+?\d[\d ]{6,}\d/#) { match in
            let digits = match.output.filter(\.isNumber)
            return String(repeating: "*", count: max(0, digits.count - 4)) + digits.suffix(4)
        }
    }
}
