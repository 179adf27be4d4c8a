import Foundation
import Hummingbird
import Notifier

/// The built-in booking pages (DESIGN.md §18, issue 25), when `BOOKING_HOURS` is set and there is
/// no Calendly page: `/reschedule/{token}` moves a session to a free time, `/book/{token}` books a
/// cancelled one again. Picking a day and a time are links (`?day=`, `?start=`, `?tz=`): a `GET`
/// changes nothing. The confirm step's `POST` is the only request that does; it needs the value
/// its page gave and must come from this site, as the cancel form does.
struct SlotPagesController {
    let booking: BookingDesk
    let guardian: FormGuard
    let publicBaseURL: URL
    let daysAhead: Int
    let pages: PageTemplates
    /// The attendee's calendar feed (DESIGN.md §18).
    let feed: @Sendable (String) async -> String?
    let now: @Sendable () -> Date

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        for kind in [BookingPageView.Kind.reschedule, .book] {
            router.get(RouterPath("\(kind.rawValue)/:token")) { request, context -> Response in
                try await page(kind, request, token: context.parameters.decoded("token"), query: request.uri.queryParameters)
            }
            router.post(RouterPath("\(kind.rawValue)/:token")) { request, context -> Response in
                try await confirm(kind, request, token: context.parameters.decoded("token"))
            }
            router.get(RouterPath("\(kind.rawValue)/:token/session.ics")) { _, context -> Response in
                try await sessionFile(kind, token: context.parameters.decoded("token"))
            }
        }
        return router
    }

    private func offer(_ kind: BookingPageView.Kind, token: String) async throws -> Result<BookingDesk.Offer, LinkProblem> {
        kind == .book ? try await booking.bookOffer(token: token, now: now()) : try await booking.rescheduleOffer(token: token, now: now())
    }

    private func page(_ kind: BookingPageView.Kind, _ request: Request, token: String, query: Parameters) async throws -> Response {
        if kind == .book, let (session, start) = try await booking.booking(madeWith: token) {
            return used(session, start: start, zone: BookingPageView.zone(named: query.get("tz")),
                        await pages.languages.language(request, session: session), request: request)
        }
        switch try await offer(kind, token: token) {
        case .failure(let problem):
            return pages.page(for: problem, await pages.languages.language(request, token: token), request: request)
        case .success(let offer):
            let language = await pages.languages.language(request, session: offer.session)
            let view = await self.view(kind, offer, token: token, zone: query.get("tz"), language: language, asked: pages.languages.asked(request))
            let chosen = query.get("start").flatMap { try? Date($0, strategy: .iso8601) }
            // A time no longer free (or made up) is not offered for confirmation.
            let offered = chosen.flatMap { offer.slots.contains($0) || ($0 == offer.session.start && kind == .reschedule) ? $0 : nil }
            var values = view.values(day: query.get("day"), chosen: offered,
                                     note: chosen != nil && offered == nil ? pages.texts.text("slots.unavailable", in: language) : nil,
                                     zoneParameter: view.zone == offer.zone ? nil : view.zone.identifier)
            values["chooser"] = await pages.chooser(language, request: request, session: offer.session, token: token, guardian: guardian,
                                                    publicBaseURL: publicBaseURL)
            return pages.page(.slots, language: language, values)
        }
    }

    private func confirm(_ kind: BookingPageView.Kind, _ request: Request, token: String) async throws -> Response {
        let post = try await AttendeePost(request, token: token, guardian: guardian, languages: pages.languages)
        let (form, language) = (post.fields, post.language)
        guard post.isConfirmed, let start = form["start"].flatMap({ try? Date($0, strategy: .iso8601) })
        else {
            return pages.notice(.forbidden, language, title: "problem.form.title", heading: "problem.form.heading", ["slots.refused.text"])
        }
        let asked = form["lang"].flatMap(Language.init(tag:)).flatMap { pages.languages.choice.available.contains($0) ? $0 : nil }
        func shown(_ session: Session) async -> Language {
            await pages.languages.language(request, session: session, field: form["lang"])
        }
        let outcome = kind == .book ? try await booking.book(token: token, at: start, now: now())
            : try await booking.reschedule(token: token, to: start, now: now())
        let zone = BookingPageView.zone(named: form["tz"])
        switch outcome {
        case .done(let session, let start):
            return await done(kind, session, start: start, token: token, zone: zone, await shown(session))
        case .bookedAlready(let session, let start):
            return used(session, start: start, zone: zone, await shown(session))
        case .unchanged(let session):
            let language = await shown(session)
            return pages.notice(.ok, language, title: "slots.unchanged.title", heading: "slots.unchanged.title",
                                ["slots.unchanged.is_on", "slots.latest"], values: ["when": span(session, session.start, zone: zone, language)])
        case .taken(let offer):
            let language = await shown(offer.session)
            let view = await self.view(kind, offer, token: token, zone: form["tz"], language: language, asked: asked)
            return pages.page(.slots, status: .conflict, language: language,
                              view.values(day: nil, chosen: nil, note: pages.texts.text("slots.taken", in: language), zoneParameter: form["tz"]))
        case .refused(let problem):
            return pages.page(for: problem, language)
        }
    }

    /// One session as an `.ics` file, as Google has it now (never a time the request names): the
    /// moved session, or the one a book-again link booked; nothing for a link not used yet.
    private func sessionFile(_ kind: BookingPageView.Kind, token: String) async throws -> Response {
        let live = kind == .book ? try await booking.booking(madeWith: token)?.0 : try await booking.liveSession(reschedule: token, now: now())
        guard let session = live else {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "No such session.\n")))
        }
        let file = CalendarFeed(name: session.summary.isEmpty ? "Session" : session.summary, sessions: [session], cancelled: [], now: now())
        return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "private, no-store",
                                               .contentDisposition: "attachment; filename=\"session.ics\""],
                        body: .init(byteBuffer: ByteBuffer(string: file.text)))
    }

    private func view(_ kind: BookingPageView.Kind, _ offer: BookingDesk.Offer, token: String, zone: String?, language: Language,
                      asked: Language?) async -> BookingPageView {
        let path = publicBaseURL.appendingPathComponent(kind.rawValue).appendingPathComponent(token).path
        return BookingPageView(kind: kind, offer: offer, zone: BookingPageView.zone(named: zone) ?? offer.zone, path: path,
                               confirmation: guardian.confirmation(for: token),
                               feed: await offer.session.phone.asyncMap(feed) ?? nil, language: language, texts: pages.texts, asked: asked)
    }

    private func span(_ session: Session, _ start: Date, zone chosen: TimeZone? = nil, _ language: Language) -> String {
        let zone = chosen ?? SessionTime.zone(session.timeZone)
        return BookingPageView.span(start, length: session.length, in: zone, language: language)
            + " (\(BookingPageView.name(of: zone, language: language, texts: pages.texts)))"
    }

    /// Moved or booked: said once, with what happens next and how to keep it in a calendar.
    private func done(_ kind: BookingPageView.Kind, _ session: Session, start: Date, token: String, zone: TimeZone?,
                      _ language: Language) async -> Response {
        let title = session.summary.isEmpty ? pages.texts.text("slots.untitled", in: language) : session.summary
        let calendar = AddToCalendar(summary: title, start: start, length: session.length,
                                     ics: publicBaseURL.appendingPathComponent(kind.rawValue).appendingPathComponent(token)
                                         .appendingPathComponent("session.ics").absoluteString,
                                     feed: await session.phone.asyncMap(feed) ?? nil).values
        let done = kind == .book ? "slots.booked" : "slots.moved"
        return pages.notice(.ok, language, title: "\(done).title", heading: "\(done).heading", ["\(done).text", "slots.done.next"],
                            values: ["summary": title, "when": span(session, start, zone: zone, language)], extra: ["calendar": calendar])
    }

    /// A book-again link already used: the session it booked, as it is now, and what to do now.
    private func used(_ session: Session, start: Date, zone: TimeZone? = nil, _ language: Language, request: Request? = nil) -> Response {
        pages.notice(.ok, language, title: "slots.used.title", heading: "slots.used.heading", ["slots.used.text", "slots.used.next"],
                     values: ["when": span(session, start, zone: zone, language)], request: request)
    }
}

extension Optional {
    func asyncMap<Mapped>(_ transform: (Wrapped) async -> Mapped) async -> Mapped? {
        guard let value = self else { return nil }
        return await transform(value)
    }
}

/// `2026-12-07T09:30:00Z`: what a time link and the confirm form carry.
enum RFC3339UTC {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}
