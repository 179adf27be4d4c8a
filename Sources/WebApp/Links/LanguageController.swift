import Foundation
import Hummingbird
import Notifier

/// `POST /language/{token}` (DESIGN.md §26): the language choice at the foot of an attendee page,
/// kept as the attendee's own for their next messages, replies and pages. The token names the
/// attendee, as it does for cancelling; the form carries the value its page gave and must come
/// from this site. Following a language link (`?lang=`) changes only how a page is shown.
struct LanguageController {
    let store: any ServiceStore
    let codec: LinkTokenCodec
    let guardian: FormGuard
    let publicBaseURL: URL
    let pages: PageTemplates
    let now: @Sendable () -> Date

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.post("language/:token") { request, context -> Response in
            let token = context.parameters.decoded("token")
            let post = try await AttendeePost(request, token: token, guardian: guardian, languages: pages.languages)
            let shown = post.language
            guard post.isConfirmed,
                  let language = post.fields["lang"].flatMap(Language.init(tag:)), pages.languages.choice.available.contains(language)
            else {
                return pages.notice(.forbidden, shown, title: "problem.form.title", heading: "problem.form.heading", ["cancel.refused.text"])
            }
            guard let link = try? codec.read(token).link, let phone = try await attendee(of: link) else {
                return pages.page(for: .notAuthentic, shown)
            }
            try await store.chooseLanguage(language, for: phone, at: now())
            let back = publicBaseURL.appendingPathComponent(link.action.rawValue).appendingPathComponent(token).path
            return pages.notice(.ok, language, title: "page.language_saved.title", heading: "page.language_saved.heading",
                                ["page.language_saved.text"], extra: ["button": ["href": back, "label": pages.texts.text("page.session", in: language)]])
        }
        return router
    }

    /// The attendee a link acts for: the one it names, or the event's one attendee; nobody the
    /// event's messages never reached.
    private func attendee(of link: LinkToken) async throws -> String? {
        guard let session = try await store.session(calendarID: link.calendarID, eventID: link.eventID) else { return nil }
        let phone = link.attendee ?? session.phone
        return phone.flatMap { session.attendees.contains($0) || link.action == .book ? $0 : nil }
    }
}
