import ClientSupport
import Calendly
import Foundation
import Hummingbird
import Notifier

/// `GET /confirm` (Calendly's redirect after a booking) and `POST /webhooks/calendly`
/// (`invitee.created`, signed when `CALENDLY_WEBHOOK_SIGNING_KEY` is set). Either one completes a
/// reschedule; a direct booking without a reschedule token just gets the confirmation page.
struct CalendlyConfirmController {
    let reschedules: RescheduleBookings
    let signingKey: Secret?
    let pages: PageTemplates
    let now: @Sendable () -> Date

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.get("confirm") { request, _ -> Response in
            let redirect = CalendlyRedirect(query: request.uri.query ?? "")
            var moved: Session?
            // The redirect cannot be verified: it completes only a reschedule the attendee started
            // here (their POST), never opens one, and a HEAD (a link checker) notes nothing at all.
            if let token = redirect.utmContent, request.method != .head {
                moved = try await reschedules.booked(token: token, at: now(), startedHereOnly: true)
            }
            guard let moved else {
                // Without Calendly's details this is not a redirect after a booking: claim nothing.
                let language = await pages.languages.language(request)
                guard redirect.inviteeUUID != nil || redirect.eventStartTime != nil else {
                    return pages.notice(.ok, language, title: "confirm.nothing.title", heading: "confirm.nothing.heading",
                                        ["confirm.nothing.text", "confirm.nothing.next"])
                }
                return pages.notice(.ok, language, title: "confirm.booked.title", heading: "confirm.booked.heading", ["confirm.booked.text"])
            }
            // Calendly gives the new start; it is shown in the zone the attendee's sessions use.
            let language = await pages.languages.language(request, session: moved)
            var values = PageTemplates.values(moved, language)
            values["new_start"] = redirect.eventStartTime.map { SessionTime.text($0, in: SessionTime.zone(moved.timeZone), language: language) }
            return pages.notice(.ok, language, title: "confirm.moved.title", heading: "confirm.moved.heading",
                                ["confirm.moved.text", "confirm.moved.next"], values: values)
        }
        router.post("webhooks/calendly") { request, context -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 256 * 1024)
            let bytes = Data(buffer: body)
            if let signingKey {
                do {
                    try CalendlyWebhookSignature.verify(header: request.headers[.init(CalendlyWebhookSignature.headerName)!],
                                                        body: bytes, signingKey: signingKey.value, now: now())
                } catch {
                    context.logger.warning("webhook refused: bad Calendly signature", metadata: ["reason": "\(error)"])
                    throw HTTPError(.forbidden, message: "Invalid signature.")
                }
            }
            guard let webhook = try? InviteeCreated.decode(bytes) else {
                throw HTTPError(.badRequest, message: "Not a Calendly webhook.")
            }
            if webhook.event == "invitee.created", let token = webhook.utmContent {
                _ = try await reschedules.booked(token: token, at: now())
            }
            return Response(status: .ok)
        }
        return router
    }
}
