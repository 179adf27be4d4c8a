import CalendarModel
import Foundation

/// The short links a message carries, already in their `PUBLIC_BASE_URL/r/{code}` form.
public struct NoticeLinks: Sendable, Equatable, Codable {
    public var cancel: String?
    public var reschedule: String?
    /// A cancelled message's link to book again on the built-in booking page.
    public var book: String?

    public init(cancel: String?, reschedule: String?, book: String? = nil) {
        self.cancel = cancel
        self.reschedule = reschedule
        self.book = book
    }
}

/// Writes what an outbox message says: the free text from the templates, or, for an approved
/// WhatsApp template, its numbered `ContentVariables` (documented in the README).
public struct NoticeText: Sendable {
    public var templates: MessageTemplates
    /// Calendly's scheduling page, offered in the cancelled message to book again.
    public var bookingURL: URL?
    /// `BUSINESS_NAME`, for templates that name the business (`{{business}}`).
    public var business: String?
    /// Whether reschedule links are offered (Calendly's page or the built-in one).
    public var offersReschedule: Bool
    /// Which language each attendee reads (DESIGN.md §26).
    public var languages: LanguageChoice

    public init(templates: MessageTemplates, bookingURL: URL?, business: String? = nil, offersReschedule: Bool? = nil,
                languages: LanguageChoice? = nil) {
        self.templates = templates
        self.languages = languages ?? LanguageChoice(available: templates.languages)
        self.bookingURL = bookingURL
        self.business = business
        self.offersReschedule = offersReschedule ?? (bookingURL != nil)
    }

    /// The message body for `notice`; `links` are nil for a cancelled session.
    public func body(for notice: OutboxMessage, links: NoticeLinks?) -> String {
        // `titled`: an event without a title reads "Your session is scheduled…", never `""`.
        var values: [String: Any] = ["start": time(notice.startAt, notice)]
        values["previous_start"] = notice.previousStartAt.map { time($0, notice) }
        values["cancel_link"] = links?.cancel
        values["reschedule_link"] = links?.reschedule
        values["booking_url"] = links?.book ?? bookingURL?.absoluteString
        values["business"] = business
        values["dates"] = seriesDates(notice)
        // A reminder names the replies the conversation understands; 3 only when rescheduling is offered.
        values["reschedulable"] = offersReschedule && !notice.forGroup
        return MessageTitle.fitted(notice.summary) { title in
            values["summary"] = title
            values["titled"] = !title.isEmpty
            return templates.render(MessageTemplateName(notice), values, in: language(of: notice))
        }
    }

    /// A reminder's reply buttons (id, title), as the conversation understands them: reschedule only
    /// when it is offered.
    func replyButtons(for notice: OutboxMessage, in language: Language) -> [(id: String, title: String)] {
        let ids = offersReschedule && !notice.forGroup ? ["confirm", "cancel", "reschedule"] : ["confirm", "cancel"]
        return ids.map { ($0, templates.text("button.\($0)", in: language)) }
    }

    /// The language a drafted message is written in (English for one drafted before languages).
    func language(of notice: OutboxMessage) -> Language {
        notice.language.flatMap(Language.init(tag:)) ?? .english
    }

    /// A series' next dates in the message's language; as decided (English) for rows of before.
    private func seriesDates(_ notice: OutboxMessage) -> String? {
        guard let starts = notice.seriesStarts?.split(separator: ",").compactMap({ RFC3339.date(from: String($0)) }), !starts.isEmpty
        else { return notice.seriesDates }
        return SessionTime.dates(starts, in: SessionTime.zone(notice.timeZone), language: language(of: notice), templates: templates)
    }

    /// The values of an approved template, `{{1}}`, `{{2}}`… in the order the README documents. A
    /// value the service does not have (no reschedule or booking link without Calendly) is always
    /// last, and is left out rather than sent empty.
    public func contentVariables(for notice: OutboxMessage, links: NoticeLinks?) -> [String] {
        // A repeating session uses the scheduled template with its next dates as `{{2}}`.
        var ordered: [String?] = [MessageTitle.short(notice.summary), seriesDates(notice) ?? time(notice.startAt, notice)]
        switch notice.kind {
        case .scheduled:
            ordered += [links?.cancel, links?.reschedule]
        case .rescheduled:
            ordered += [notice.previousStartAt.map { time($0, notice) }, links?.cancel, links?.reschedule]
        case .cancelled:
            ordered += [links?.book ?? bookingURL?.absoluteString]
        case .reminder:
            break
        }
        return ordered.prefix { $0 != nil }.compactMap { $0 }
    }

    /// The reply to an inbound message: `sessions` (start, time zone, summary) in order, or "none".
    /// A list longer than a message may be (daily sessions for a month) shows the first ones and a
    /// last row "N. …": Twilio refuses a message over 1,600 characters, and the attendee got nothing.
    public func sessionList(_ sessions: [(start: Date, timeZone: String?, summary: String)], feedURL: String? = nil,
                            language: Language = .english) -> String {
        guard !sessions.isEmpty else { return templates.render(.noSessions, [:], in: language) }
        let rows: [[String: Any]] = sessions.enumerated().map { index, session in
            let title = MessageTitle.short(session.summary)
            return ["number": index + 1, "summary": title, "titled": !title.isEmpty,
                    "start": SessionTime.text(session.start, in: SessionTime.zone(session.timeZone), language: language)]
        }
        func list(showing count: Int) -> String {
            var shown = Array(rows.prefix(count))
            if count < rows.count { shown.append(["number": count + 1, "start": "…", "titled": false]) }
            var values: [String: Any] = ["sessions": shown]
            values["feed_url"] = feedURL
            return templates.render(.sessions, values, in: language)
        }
        let whole = list(showing: rows.count)
        guard whole.utf16.count > MessageTitle.messageLength else { return whole }
        // The most rows that fit (at least one): fewer rows never make a longer text.
        var (fits, tooMany) = (1, rows.count)
        while tooMany - fits > 1 {
            let middle = (fits + tooMany) / 2
            if list(showing: middle).utf16.count <= MessageTitle.messageLength { fits = middle } else { tooMany = middle }
        }
        return list(showing: fits)
    }

    private func time(_ date: Date, _ notice: OutboxMessage) -> String {
        SessionTime.text(date, in: SessionTime.zone(notice.timeZone), language: language(of: notice))
    }
}

extension MessageTemplateName {
    init(_ notice: OutboxMessage) {
        switch notice.kind {
        case .scheduled: self = notice.aboutSeries ? .seriesScheduled : .scheduled
        case .rescheduled: self = .rescheduled
        case .cancelled: self = notice.aboutSeries ? .seriesCancelled : .cancelled
        case .reminder: self = .reminder
        }
    }
}
