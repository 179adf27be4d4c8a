import Synchronization
public import Foundation

/// An attendee wrote to the business number, or tapped a quick-reply button (DESIGN.md §15). The
/// answer is decided here from the database alone, so that the webhook answers at once: a
/// confirmation is shown in the calendar by the write-back, and a cancellation is carried out by
/// it in the background, exactly as `POST /cancel` does. Twilio retries a webhook it thinks
/// failed; the same `MessageSid` gets the same answer and nothing is done twice.
public struct InboundConversation: Sendable {
    let store: any ServiceStore
    public let text: NoticeText
    /// Whether a reschedule link can be offered, and the links and feed address themselves.
    let links: AttendeeLinks
    let defaultCallingCode: CallingCode?
    let bells: ServiceBells
    /// Which language each answer is written in (DESIGN.md §26).
    let languages: LanguageChoice
    let inFlight = InFlightMessages()

    package init(store: any ServiceStore, text: NoticeText, links: AttendeeLinks, defaultCallingCode: CallingCode?, bells: ServiceBells) {
        self.store = store
        self.text = text
        self.links = links
        self.defaultCallingCode = defaultCallingCode
        self.bells = bells
        languages = text.languages
    }

    /// The answers in the language of the attendee, and of the session they are about.
    struct Speaker {
        let templates: MessageTemplates
        let languages: LanguageChoice
        let chosen: Language?
        /// The language of the latest message they got: theirs when nothing else says.
        let recent: Language?
        let phone: String

        func replies(about session: Session? = nil) -> ReplyTexts {
            ReplyTexts(templates: templates, language: language(about: session))
        }

        /// The YES words of the languages they read: their choice, their latest message's, and the one
        /// nothing else decides for them.
        var yesWords: Set<String> {
            Set([chosen, recent, language(about: nil)].compactMap { $0 }).reduce(into: Set<String>()) { $0.formUnion(templates.yesWords(in: $1)) }
        }

        func language(about session: Session?) -> Language {
            if session?.language == nil, chosen == nil, let recent { return languages.nearest(recent) }
            return languages.language(eventTag: session?.language, chosen: chosen, phone: phone)
        }
    }

    /// One inbound message as Twilio posts it.
    public struct Inbound: Sendable {
        public var messageSID: String
        public var phone: PhoneNumber
        public var body: String
        /// A quick-reply button's id (`confirm`, `cancel`, `reschedule`), and the message it was on.
        public var buttonPayload: String?
        public var repliedToSID: String?

        public init(messageSID: String, phone: PhoneNumber, body: String, buttonPayload: String? = nil, repliedToSID: String? = nil) {
            self.messageSID = messageSID
            self.phone = phone
            self.body = body
            self.buttonPayload = buttonPayload
            self.repliedToSID = repliedToSID
        }
    }

    /// A question to ask YES to is good for this long; after it, up to a day, YES asks again.
    static let questionLifetime: TimeInterval = 15 * 60
    static let questionMemory: TimeInterval = 24 * 3_600

    /// The answer to `inbound`, and what it did (for the log and the dashboard).
    public func answer(_ inbound: Inbound, at now: Date) async throws -> (reply: String, action: String) {
        if let earlier = try await store.inboundReply(messageSID: inbound.messageSID) { return (earlier, "repeated") }
        // The same message delivered twice at the same instant (Meta and Twilio both retry) is
        // acted on and answered by one of the two; the other waits for that answer.
        guard inFlight.claim(inbound.messageSID) else {
            for _ in 0..<200 {
                try await Task.sleep(for: .milliseconds(25))
                if let earlier = try await store.inboundReply(messageSID: inbound.messageSID) { return (earlier, "repeated") }
            }
            return ("", "repeated")
        }
        defer { inFlight.release(inbound.messageSID) }
        // A copy that read "not answered" just before the first one saved its answer, and claimed
        // once that one was done: the answer is there now.
        if let earlier = try await store.inboundReply(messageSID: inbound.messageSID) { return (earlier, "repeated") }
        let phone = inbound.phone.e164
        var action: String
        var reply: String
        var about: Session?
        let speaker = Speaker(templates: text.templates, languages: languages, chosen: try await store.chosenLanguage(of: phone),
                              recent: try await store.lastMessage(to: phone)?.language.flatMap(Language.init(tag:)), phone: phone)
        // YES in English, and in the attendee's own language: never another's (a Spanish "ja" laughs).
        let word = ReplyWord(body: inbound.body, buttonPayload: inbound.buttonPayload, yesWords: speaker.yesWords)
        // The conversation keeps only the latest request (DESIGN.md §22): anything but YES, or a
        // new "cancel" that asks again, drops the question put before, so a later YES cancels nothing.
        if word != .yes, word != .cancel { try await store.clearCancelQuestion(to: phone) }
        switch word {
        case .stop:
            try await store.optOut(phone, at: now)
            // What was waiting for them is skipped now; their events are to say so.
            bells.writeBack.ring()
            (reply, action) = (speaker.replies().stopped, "opted out")
        case .start:
            try await store.optIn(phone)
            (reply, action) = (speaker.replies().started, "opted in")
        case .help:
            (reply, action) = (speaker.replies().help, "help")
        case .language(let asked):
            (reply, action) = try await chooseLanguage(asked, speaker: speaker, now: now)
        case _ where inbound.buttonPayload != nil:
            // A button on a message about a session that is no longer ahead: say so, do nothing.
            if let past = try await pastSession(tappedOn: inbound, speaker: speaker, now: now) {
                (reply, action) = past
                break
            }
            fallthrough
        default:
            let upcoming = try await sessions(of: inbound.phone, now: now)
            about = try await session(inbound, among: upcoming)
            if let session = about, word != .list, word != .other {
                // The message a button or a quoting reply answers, when it is theirs.
                var quoted: OutboxMessage?
                if let sid = inbound.repliedToSID { quoted = try await store.message(twilioSID: sid).flatMap { $0.phone == phone ? $0 : nil } }
                (reply, action) = try await act(word, on: session, upcoming: upcoming, speaker: speaker, quoted: quoted, now: now)
            } else {
                reply = text.sessionList(upcoming.map { ($0.start, $0.timeZone, $0.summary) },
                                         feedURL: upcoming.isEmpty ? nil : try await feedURL(for: phone, now: now),
                                         language: speaker.language(about: nil))
                action = "listed"
                about = nil
            }
        }
        let saved = try await store.saveInboundReply(InboundReply(
            messageSID: inbound.messageSID, phone: phone, reply: reply, receivedAt: now, action: action,
            calendarID: about?.calendarID, eventID: about?.eventID))
        // Another worker took the same message at the same instant and answered first: its
        // answer stands, and this one is not sent.
        return saved.saved ? (saved.reply, action) : (saved.reply, "repeated")
    }

    /// The answer to a button tapped on a message whose session was cancelled or has started; nil
    /// when its session is still ahead (or the message is unknown).
    private func pastSession(tappedOn inbound: Inbound, speaker: Speaker, now: Date) async throws -> (String, String)? {
        guard let sid = inbound.repliedToSID, let message = try await store.message(twilioSID: sid),
              // A tap quoting someone else's message (forged, or a forwarded one) is about nothing of theirs.
              message.phone == inbound.phone.e164,
              let session = try await store.session(calendarID: message.calendarID, eventID: message.eventID)
        else { return nil }
        let phone = inbound.phone.e164
        let appointment = try await store.storedEvent(calendarID: message.calendarID, eventID: message.eventID)
            .map { Appointment(event: $0, defaultCallingCode: defaultCallingCode) }
        let removed = appointment.map { !$0.numbers.phones.contains(inbound.phone) } ?? false
        if session.isCancelled || removed || !session.attendees.contains(phone) {
            return (speaker.replies(about: session).wasCancelled(session), "button for a cancelled session")
        }
        if session.start <= now { return (speaker.replies(about: session).hasStarted(session), "button for a started session") }
        return nil
    }

    private func act(_ word: ReplyWord, on session: Session, upcoming: [Session], speaker: Speaker, quoted: OutboxMessage?,
                     now: Date) async throws -> (String, String) {
        let phone = speaker.phone
        let replies = speaker.replies(about: session)
        switch word {
        case .yes:
            if let question = try await store.cancelQuestion(to: phone), now.timeIntervalSince(question.askedAt) < Self.questionMemory,
               let asked = upcoming.first(where: { $0.calendarID == question.calendarID && $0.eventID == question.eventID }) {
                guard now.timeIntervalSince(question.askedAt) <= Self.questionLifetime else {
                    try await store.recordCancelQuestion(phone, calendarID: asked.calendarID, eventID: asked.eventID, at: now)
                    return (speaker.replies(about: asked).cancelQuestion(asked), "asked to cancel")
                }
                try await store.requestCancellation(CancellationRequest(
                    calendarID: asked.calendarID, eventID: asked.eventID, phone: phone, forGroup: asked.isGroup, requestedAt: now))
                bells.writeBack.ring()
                return (speaker.replies(about: asked).cancelling, "cancelled")
            }
            return try await confirm(session, from: phone, replies: replies, quoted: quoted, now: now)
        case .confirm:
            return try await confirm(session, from: phone, replies: replies, quoted: quoted, now: now)
        case .cancel:
            try await store.recordCancelQuestion(phone, calendarID: session.calendarID, eventID: session.eventID, at: now)
            return (replies.cancelQuestion(session), "asked to cancel")
        case .reschedule:
            guard links.sessionActions(forGroup: session.isGroup).contains(.reschedule) else { return (replies.noReschedule, "asked to reschedule") }
            return (replies.reschedule(try await rescheduleLink(session, now: now)), "asked to reschedule")
        case .stop, .start, .help, .list, .other, .language:
            return (text.sessionList(upcoming.map { ($0.start, $0.timeZone, $0.summary) },
                                     feedURL: upcoming.isEmpty ? nil : try await feedURL(for: phone, now: now),
                                     language: speaker.language(about: nil)), "listed")
        }
    }

    private func confirm(_ session: Session, from phone: String, replies: ReplyTexts, quoted: OutboxMessage?, now: Date)
        async throws -> (String, String) {
        // A tap on a reminder of an earlier time is no yes to the new one: they are told the new
        // time and asked again.
        if let tapped = quoted, tapped.calendarID == session.calendarID, tapped.eventID == session.eventID,
           tapped.startAt != session.start {
            return (replies.movedSince(session), "button for an earlier time")
        }
        try await store.recordConfirmation(Confirmation(calendarID: session.calendarID, eventID: session.eventID, phone: phone,
                                                        startAt: session.start, confirmedAt: now))
        bells.writeBack.ring()
        return (replies.confirmed(session), "confirmed")
    }

    /// `LANGUAGE pt-BR` (or the language's own name, `LANGUAGE español`): their messages, answers
    /// and pages are in it from now on; an unknown one gets the list of codes, and changes nothing.
    private func chooseLanguage(_ asked: String?, speaker: Speaker, now: Date) async throws -> (String, String) {
        guard let asked, let language = text.templates.language(named: asked) else {
            return (speaker.replies().languageUnknown(text.templates.languages), "asked for the languages")
        }
        try await store.chooseLanguage(language, for: speaker.phone, at: now)
        return (ReplyTexts(templates: text.templates, language: language).languageSet, "chose \(language.code)")
    }

    /// A fresh short link to the reschedule page of `session`.
    private func rescheduleLink(_ session: Session, now: Date) async throws -> String {
        let link = links.shortLink(.reschedule, calendarID: session.calendarID, eventID: session.eventID,
                                   sequence: session.sequence, attendee: session.phone, now: now)
        try await store.saveLink(link)
        return links.shortURL(code: link.code)
    }

    /// The sessions in the next 30 days whose location holds the attendee's number (those held
    /// back by `NOTIFY_HORIZON` included), soonest first.
    func sessions(of phone: PhoneNumber, now: Date) async throws -> [Session] {
        let zones = try await store.calendarTimeZones()
        return try await store.upcomingEvents(startingBetween: now, and: now.addingTimeInterval(30 * 86_400)).compactMap { event in
            let appointment = Appointment(event: event, defaultCallingCode: defaultCallingCode)
            guard !appointment.isCancelled, !appointment.isMuted, appointment.numbers.phones.contains(phone),
                  var session = Session(event, messages: [], calendarTimeZone: zones[event.calendarID])
            else { return nil }
            session.attendees = [phone.e164]
            session.isGroup = appointment.isGroup
            return session
        }
    }

    /// The session a reply is about: the one the message it answers was about (a button names
    /// it; otherwise the latest message sent to the number), if still upcoming; else the next one.
    /// A reply quoting a message of another number (forged, or forwarded to them) is about nothing.
    private func session(_ inbound: Inbound, among upcoming: [Session]) async throws -> Session? {
        var last: OutboxMessage?
        if let sid = inbound.repliedToSID, let quoted = try await store.message(twilioSID: sid) {
            guard quoted.phone == inbound.phone.e164 else { return nil }
            last = quoted
        }
        if last == nil { last = try await store.lastMessage(to: inbound.phone.e164) }
        if let last, let match = upcoming.first(where: { $0.calendarID == last.calendarID && $0.eventID == last.eventID }) {
            return match
        }
        return upcoming.first
    }
}

extension InboundConversation {
    /// The attendee's calendar feed, `PUBLIC_BASE_URL/calendar/{code}.ics` (DESIGN.md §18).
    func feedURL(for phone: String, now: Date) async throws -> String {
        try await links.feedURL(for: phone, in: store, now: now)
    }
}

/// The inbound message ids being answered right now, in this process.
final class InFlightMessages: Sendable {
    private let ids = Mutex<Set<String>>([])

    /// False when the id is being answered already.
    func claim(_ id: String) -> Bool {
        ids.withLock { $0.insert(id).inserted }
    }

    func release(_ id: String) {
        _ = ids.withLock { $0.remove(id) }
    }
}
