import Crypto
import Fernet
import Foundation
import Hummingbird
import Notifier

/// `GET /cancel/{token}` asks (and changes nothing: link-preview crawlers open every link);
/// `POST` confirms the `SessionCancellation`. The form carries a value derived from the token
/// with a server secret, and cross-site posts are refused.
struct CancelController {
    let cancellation: SessionCancellation
    let guardian: FormGuard
    let publicBaseURL: URL
    let pages: PageTemplates
    /// With the built-in booking pages: the link to book again after cancelling.
    let bookAgain: @Sendable (Session) -> String?
    /// The attendee's calendar feed (DESIGN.md §18).
    let feed: @Sendable (String) async -> String?
    let now: @Sendable () -> Date

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.get("cancel/:token") { _, context -> Response in
            let token = context.parameters.decoded("token")
            switch try await cancellation.session(for: token, at: now()) {
            case .success(let session):
                var values: [String: Any] = [
                    "title": "Cancel your session", "summary": session.summary,
                    "start": SessionTime.text(session.start, in: SessionTime.zone(session.timeZone)),
                    "action": publicBaseURL.appendingPathComponent("cancel").appendingPathComponent(token).path,
                    "confirm": guardian.confirmation(for: token),
                ]
                if let phone = session.phone, let address = await feed(phone) {
                    values["feed"] = address
                    values["subscribe"] = AddToCalendar.webcal(address)
                }
                return pages.page(.cancel, values)
            case .failure(let problem):
                return pages.page(for: problem)
            }
        }
        router.post("cancel/:token") { request, context -> Response in
            let token = context.parameters.decoded("token")
            var request = request
            let form = try await request.formFields(upTo: 16 * 1024)
            guard guardian.allows(request, confirm: form["confirm"], token: token) else {
                return pages.notice(.forbidden, title: "Not cancelled", heading: "Nothing was cancelled",
                                    "Please open the link from your WhatsApp message and confirm there.")
            }
            switch try await cancellation.confirm(token: token, at: now()) {
            case .cancelled(let session): return cancelled(session)
            case .refused(let problem): return pages.page(for: problem)
            }
        }
        return router
    }

    private func cancelled(_ session: Session) -> Response {
        var values: [String: Any] = [
            "title": "Session cancelled", "heading": "Your session is cancelled",
            // Said once: the heading says it is cancelled, the lines say which and what follows.
            "paragraphs": ["\(session.summary.isEmpty ? "Your session" : session.summary), \(SessionTime.text(session.start, in: SessionTime.zone(session.timeZone))).",
                           "A WhatsApp message confirming it is on its way."],
        ]
        values["button"] = bookAgain(session).map { ["href": $0, "label": "Book a new time"] }
        return pages.page(.notice, values)
    }
}
