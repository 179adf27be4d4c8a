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
        router.get("cancel/:token") { request, context -> Response in
            let token = context.parameters.decoded("token")
            switch try await cancellation.session(for: token, at: now()) {
            case .success(let session):
                let language = await pages.languages.language(request, session: session)
                let path = publicBaseURL.appendingPathComponent("cancel").appendingPathComponent(token).path
                var values = PageTemplates.values(session, language)
                values["title"] = pages.texts.text("cancel.title", in: language)
                values["action"] = path
                values["confirm"] = guardian.confirmation(for: token)
                values["chooser"] = await pages.chooser(language, request: request, session: session, token: token, guardian: guardian,
                                                        publicBaseURL: publicBaseURL)
                if let phone = session.phone, let address = await feed(phone) {
                    values["feed"] = address
                    values["subscribe"] = AddToCalendar.webcal(address)
                }
                return pages.page(.cancel, language: language, values)
            case .failure(let problem):
                return pages.page(for: problem, await pages.languages.language(request, token: token), request: request)
            }
        }
        router.post("cancel/:token") { request, context -> Response in
            let token = context.parameters.decoded("token")
            let post = try await AttendeePost(request, token: token, guardian: guardian, languages: pages.languages)
            guard post.isConfirmed else {
                return pages.notice(.forbidden, post.language, title: "cancel.refused.title", heading: "cancel.refused.heading", ["cancel.refused.text"])
            }
            switch try await cancellation.confirm(token: token, at: now()) {
            case .cancelled(let session):
                return cancelled(session, await pages.languages.language(request, session: session, field: post.fields["lang"]))
            case .refused(let problem): return pages.page(for: problem, post.language)
            }
        }
        return router
    }

    private func cancelled(_ session: Session, _ language: Language) -> Response {
        // Said once: the heading says it is cancelled, the lines say which and what follows.
        var extra: [String: Any] = [:]
        extra["button"] = bookAgain(session).map { ["href": $0, "label": pages.texts.text("page.book_again", in: language)] }
        return pages.notice(.ok, language, title: "cancel.done.title", heading: "cancel.done.heading", ["cancel.done.what", "cancel.done.next"],
                            values: PageTemplates.values(session, language), extra: extra)
    }
}
