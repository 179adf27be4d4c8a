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
        router.get("reschedule/:token") { request, context -> Response in
            let token = context.parameters.decoded("token")
            guard schedulingPage != nil else { return unavailable(await pages.languages.language(request)) }
            switch try await reschedules.session(for: token, at: now()) {
            case .success(let session):
                let language = await pages.languages.language(request, session: session)
                let path = publicBaseURL.appendingPathComponent("reschedule").appendingPathComponent(token).path
                return pages.notice(.ok, language, title: "reschedule.title", heading: "reschedule.heading", ["reschedule.text"],
                                    values: PageTemplates.values(session, language),
                                    extra: ["form": ["action": path, "confirm": guardian.confirmation(for: token),
                                                     "label": pages.texts.text("reschedule.button", in: language)],
                                            "chooser": await pages.chooser(language, request: request, session: session, token: token,
                                                                           guardian: guardian, publicBaseURL: publicBaseURL)])
            case .failure(let problem):
                return pages.page(for: problem, await pages.languages.language(request, token: token), request: request)
            }
        }
        router.post("reschedule/:token") { request, context -> Response in
            let token = context.parameters.decoded("token")
            let post = try await AttendeePost(request, token: token, guardian: guardian, languages: pages.languages)
            let language = post.language
            guard let schedulingPage else { return unavailable(language) }
            guard post.isConfirmed else {
                return pages.notice(.forbidden, language, title: "problem.form.title", heading: "problem.form.heading", ["reschedule.refused.text"])
            }
            let session: Session
            switch try await reschedules.open(token: token, at: now()) {
            case .success(let opened): session = opened
            case .failure(let problem): return pages.page(for: problem, language)
            }
            guard let phone = session.phone else { return unavailable(language) }
            let page = await schedulingPage.url(logger: context.logger)
            let target = CalendlyPrefill(phone: phone, utmContent: token).url(for: page)
            return Response(status: .seeOther, headers: [.location: target.absoluteString, .cacheControl: "no-store"])
        }
        return router
    }

    private func unavailable(_ language: Language) -> Response {
        pages.notice(.notFound, language, title: "reschedule.unavailable.title", heading: "reschedule.unavailable.heading",
                     ["reschedule.unavailable.text"])
    }
}
