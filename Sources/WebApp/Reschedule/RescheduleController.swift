import Calendly
import Foundation
import Hummingbird
import Notifier

/// `GET /reschedule/{token}` shows the session and a button, and changes nothing (DESIGN.md §12:
/// link previews open every link); its `POST` notes that the attendee is rescheduling and answers
/// `303` to Calendly with the attendee's number prefilled and the token as `utm_content`, which
/// Calendly hands back on booking. With `CALENDLY_API_TOKEN`, the page is a single-use scheduling
/// link. Once noted, a Calendly booking for that number in the next minutes waits for Calendly's
/// confirmation, so it is announced as the rescheduled session, not as a new one.
struct RescheduleController {
    let reschedules: RescheduleBookings
    /// Calendly's page, when `CALENDLY_SCHEDULING_URL` is set.
    let schedulingPage: CalendlySchedulingPage?
    let guardian: FormGuard
    let publicBaseURL: URL
    let pages: PageTemplates
    let now: @Sendable () -> Date

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.get("reschedule/:token") { _, context -> Response in
            let token = context.parameters.decoded("token")
            guard schedulingPage != nil else { return unavailable() }
            switch try await reschedules.session(for: token, at: now()) {
            case .success(let session):
                let when = SessionTime.text(session.start, in: SessionTime.zone(session.timeZone))
                return pages.page(.notice, [
                    "title": "Pick a new time", "heading": "Move your session" + (session.summary.isEmpty ? "" : " \"\(session.summary)\""),
                    "paragraphs": ["It is now on \(when). Pick a new time on the next page; until you book one, nothing changes."],
                    "form": ["action": publicBaseURL.appendingPathComponent("reschedule").appendingPathComponent(token).path,
                             "confirm": guardian.confirmation(for: token), "label": "Choose a new time"],
                ])
            case .failure(let problem):
                return pages.page(for: problem)
            }
        }
        router.post("reschedule/:token") { request, context -> Response in
            let token = context.parameters.decoded("token")
            guard let schedulingPage else { return unavailable() }
            var request = request
            let form = try await request.formFields(upTo: 16 * 1024)
            guard guardian.allows(request, confirm: form["confirm"], token: token) else {
                return pages.notice(.forbidden, title: "Nothing changed", heading: "Nothing was changed",
                                    "Please open the link from your WhatsApp message and choose a new time there.")
            }
            let session: Session
            switch try await reschedules.open(token: token, at: now()) {
            case .success(let opened): session = opened
            case .failure(let problem): return pages.page(for: problem)
            }
            guard let phone = session.phone else { return unavailable() }
            let page = await schedulingPage.url(logger: context.logger)
            let target = CalendlyPrefill(phone: phone, utmContent: token).url(for: page)
            return Response(status: .seeOther, headers: [.location: target.absoluteString, .cacheControl: "no-store"])
        }
        return router
    }

    private func unavailable() -> Response {
        pages.notice(.notFound, title: "Rescheduling unavailable", heading: "Rescheduling is not available",
                     "Please reply on WhatsApp and we will find a new time with you.")
    }
}
