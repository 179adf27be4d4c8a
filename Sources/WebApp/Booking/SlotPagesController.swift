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
                try await page(kind, token: context.parameters.decoded("token"), query: request.uri.queryParameters)
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

    private func page(_ kind: BookingPageView.Kind, token: String, query: Parameters) async throws -> Response {
        if kind == .book, let (session, start) = try await booking.booking(madeWith: token) {
            return used(session, start: start, zone: BookingPageView.zone(named: query.get("tz")))
        }
        switch try await offer(kind, token: token) {
        case .failure(let problem):
            return pages.page(for: problem)
        case .success(let offer):
            let view = await self.view(kind, offer, token: token, zone: query.get("tz"))
            let chosen = query.get("start").flatMap { try? Date($0, strategy: .iso8601) }
            // A time no longer free (or made up) is not offered for confirmation.
            let offered = chosen.flatMap { offer.slots.contains($0) || ($0 == offer.session.start && kind == .reschedule) ? $0 : nil }
            return pages.page(.slots, view.values(day: query.get("day"), chosen: offered,
                                                  note: chosen != nil && offered == nil ? Self.unavailableNote : nil,
                                                  zoneParameter: view.zone == offer.zone ? nil : view.zone.identifier))
        }
    }

    private func confirm(_ kind: BookingPageView.Kind, _ request: Request, token: String) async throws -> Response {
        var request = request
        let form = try await request.formFields(upTo: 16 * 1024)
        guard guardian.allows(request, confirm: form["confirm"], token: token),
              let start = form["start"].flatMap({ try? Date($0, strategy: .iso8601) })
        else {
            return pages.notice(.forbidden, title: "Nothing changed", heading: "Nothing was changed",
                                "Please open the link from your WhatsApp message and pick a time there.")
        }
        let outcome = kind == .book ? try await booking.book(token: token, at: start, now: now())
            : try await booking.reschedule(token: token, to: start, now: now())
        let zone = BookingPageView.zone(named: form["tz"])
        switch outcome {
        case .done(let session, let start):
            return await done(kind, session, start: start, token: token, zone: zone)
        case .bookedAlready(let session, let start):
            return used(session, start: start, zone: zone)
        case .unchanged(let session):
            return pages.notice(title: "Nothing changed", heading: "Nothing changed",
                                "Your session is on \(span(session, session.start, zone: zone)) already.",
                                "Your latest WhatsApp message has its details and links.")
        case .taken(let offer):
            let view = await self.view(kind, offer, token: token, zone: form["tz"])
            return pages.page(.slots, status: .conflict, view.values(day: nil, chosen: nil, note: Self.takenNote,
                                                                        zoneParameter: form["tz"]))
        case .refused(let problem):
            return pages.page(for: problem)
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

    static let takenNote = "Sorry, that time has just been taken. Please pick another one."
    static let unavailableNote = "That time is not available (this link may be from an older message). Please pick one of the times below."

    private func view(_ kind: BookingPageView.Kind, _ offer: BookingDesk.Offer, token: String, zone: String?) async -> BookingPageView {
        let path = publicBaseURL.appendingPathComponent(kind.rawValue).appendingPathComponent(token).path
        return BookingPageView(kind: kind, offer: offer, zone: BookingPageView.zone(named: zone) ?? offer.zone, path: path,
                               confirmation: guardian.confirmation(for: token),
                               feed: await offer.session.phone.asyncMap(feed) ?? nil)
    }

    private func span(_ session: Session, _ start: Date, zone chosen: TimeZone? = nil) -> String {
        let zone = chosen ?? SessionTime.zone(session.timeZone)
        return BookingPageView.span(start, length: session.length, in: zone) + " (\(BookingPageView.name(of: zone)))"
    }

    /// Moved or booked: said once, with what happens next and how to keep it in a calendar.
    private func done(_ kind: BookingPageView.Kind, _ session: Session, start: Date, token: String, zone: TimeZone?) async -> Response {
        let when = span(session, start, zone: zone)
        let title = session.summary.isEmpty ? "Your session" : session.summary
        var values: [String: Any] = [
            "title": kind == .book ? "Booked" : "Session moved",
            "heading": kind == .book ? "You are booked" : "Your session has moved",
            "paragraphs": [kind == .book ? "\(title): \(when)." : "\(title) is now on \(when).",
                           "A WhatsApp message with the details and links to change it is on its way."],
        ]
        values["calendar"] = AddToCalendar(summary: title, start: start, length: session.length,
                                           ics: publicBaseURL.appendingPathComponent(kind.rawValue).appendingPathComponent(token)
                                               .appendingPathComponent("session.ics").absoluteString,
                                           feed: await session.phone.asyncMap(feed) ?? nil).values
        return pages.page(.notice, values)
    }

    /// A book-again link already used: the session it booked, as it is now, and what to do now.
    private func used(_ session: Session, start: Date, zone: TimeZone? = nil) -> Response {
        pages.notice(title: "Already booked", heading: "This link was used already",
                     "You booked with this link: your session is on \(span(session, start, zone: zone)).",
                     "To change or cancel it, use the links in your latest WhatsApp message.")
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
