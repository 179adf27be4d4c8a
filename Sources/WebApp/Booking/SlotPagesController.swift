import Foundation
import Hummingbird
import Notifier

/// The built-in booking pages (DESIGN.md §18), when `BOOKING_HOURS` is set and there is no
/// Calendly page: `GET`/`POST /reschedule/{token}` moves a session to a free time, `GET`/`POST
/// /book/{token}` books a cancelled one again. `GET` changes nothing; a `POST` needs the value its
/// page gave and must come from this site, as the cancel form does.
struct SlotPagesController {
    let booking: BookingDesk
    let guardian: FormGuard
    let publicBaseURL: URL
    let daysAhead: Int
    let pages: PageTemplates
    /// The attendee's calendar feed (DESIGN.md §18).
    let feed: @Sendable (String) async -> String?
    let now: @Sendable () -> Date

    func add(to router: Router<some RequestContext>) {
        router.get("reschedule/:token") { _, context -> Response in
            let token = context.parameters.decoded("token")
            switch try await booking.rescheduleOffer(token: token, now: now()) {
            case .success(let offer): return slotsPage(offer, token: token, path: "reschedule", note: nil,
                                                       feed: await offer.session.phone.asyncMap(feed) ?? nil)
            case .failure(let problem): return pages.page(for: problem)
            }
        }
        router.post("reschedule/:token") { request, context -> Response in
            let token = context.parameters.decoded("token")
            guard let start = try await chosenStart(request, token: token) else { return refused() }
            return result(try await booking.reschedule(token: token, to: start, now: now()), token: token, path: "reschedule")
        }
        router.get("book/:token") { _, context -> Response in
            let token = context.parameters.decoded("token")
            switch try await booking.bookOffer(token: token, now: now()) {
            case .success(let offer): return slotsPage(offer, token: token, path: "book", note: nil,
                                                       feed: await offer.session.phone.asyncMap(feed) ?? nil)
            case .failure(let problem): return pages.page(for: problem)
            }
        }
        router.post("book/:token") { request, context -> Response in
            let token = context.parameters.decoded("token")
            guard let start = try await chosenStart(request, token: token) else { return refused() }
            return result(try await booking.book(token: token, at: start, now: now()), token: token, path: "book")
        }
    }

    /// The time picked, from a form this site served for this token; nil otherwise.
    private func chosenStart(_ request: Request, token: String) async throws -> Date? {
        var request = request
        let form = try await request.formFields(upTo: 16 * 1024)
        guard guardian.allows(request, confirm: form["confirm"], token: token) else { return nil }
        return form["start"].flatMap { try? Date($0, strategy: .iso8601) }
    }

    private func refused() -> Response {
        pages.notice(.forbidden, title: "Nothing changed", heading: "Nothing was changed",
                     "Please open the link from your WhatsApp message and pick a time there.")
    }

    private func result(_ outcome: BookingDesk.Outcome, token: String, path: String) -> Response {
        switch outcome {
        case .done(let session, let start):
            let when = SessionTime.text(start, in: SessionTime.zone(session.timeZone))
            return path == "book"
                ? pages.notice(title: "Booked", heading: "You are booked", "\"\(session.summary)\" on \(when) is booked.",
                               "You will get a WhatsApp message confirming it.")
                : pages.notice(title: "Session moved", heading: "Your session has moved", "\"\(session.summary)\" is now on \(when).",
                               "You will get a WhatsApp message confirming it.")
        case .bookedAlready(let session, let start):
            return pages.notice(title: "Already booked", heading: "This link was used already",
                                "\"\(session.summary)\" is booked on \(SessionTime.text(start, in: SessionTime.zone(session.timeZone))).",
                                "Your WhatsApp messages have its details and links.")
        case .taken(let offer):
            return slotsPage(offer, token: token, path: path, note: "Sorry, that time has just been taken. Please pick another one.",
                             status: .conflict)
        case .refused(let problem):
            return pages.page(for: problem)
        }
    }

    /// The free times grouped by day, in the session's zone, each a button of the one form.
    private func slotsPage(_ offer: BookingDesk.Offer, token: String, path: String, note: String?,
                           status: HTTPResponse.Status = .ok, feed: String? = nil) -> Response {
        let session = offer.session
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = offer.zone
        // As the messages write times: `Wednesday 2 December`, `9:30 AM`.
        let dayFormat = Self.formatter("EEEE d MMMM", offer.zone)
        let timeFormat = Self.formatter("h:mm a", offer.zone)
        var days: [[String: Any]] = []
        var currentDay: Date?
        for slot in offer.slots {
            let day = calendar.startOfDay(for: slot)
            if day != currentDay {
                days.append(["day": dayFormat.string(from: slot), "times": [[String: Any]](), "action": action(path, token),
                             "confirm": guardian.confirmation(for: token)])
                currentDay = day
            }
            var last = days.removeLast()
            last["times"] = (last["times"] as? [[String: Any]] ?? []) + [["value": RFC3339UTC.string(slot), "label": timeFormat.string(from: slot)]]
            days.append(last)
        }
        var values: [String: Any] = [
            "title": path == "book" ? "Book a new time" : "Pick a new time",
            "heading": path == "book" ? "Book \"\(session.summary)\" again" : "Move \"\(session.summary)\"",
            "days": days, "zone": offer.zone.identifier, "daysAhead": daysAhead,
        ]
        if path == "reschedule" { values["now"] = SessionTime.text(session.start, in: offer.zone) }
        values["note"] = note
        values["feed"] = feed
        return pages.page(.slots, status: status, values)
    }

    static func formatter(_ format: String, _ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter
    }

    private func action(_ path: String, _ token: String) -> String {
        publicBaseURL.appendingPathComponent(path).appendingPathComponent(token).path
    }
}

/// `2026-12-07T09:30:00Z`: what a slot button posts.
enum RFC3339UTC {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}

extension Optional {
    func asyncMap<Mapped>(_ transform: (Wrapped) async -> Mapped) async -> Mapped? {
        guard let value = self else { return nil }
        return await transform(value)
    }
}
