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
    let formSecret: SymmetricKey
    let publicBaseURL: URL
    let pages: PageTemplates
    let now: @Sendable () -> Date

    func add(to router: Router<some RequestContext>) {
        router.get("cancel/:token") { _, context -> Response in
            let token = context.parameters.decoded("token")
            switch try await cancellation.session(for: token, at: now()) {
            case .success(let session):
                return pages.page(.cancel, [
                    "title": "Cancel your session", "summary": session.summary,
                    "start": SessionTime.text(session.start, in: SessionTime.zone(session.timeZone)),
                    "action": publicBaseURL.appendingPathComponent("cancel").appendingPathComponent(token).path,
                    "confirm": confirmation(for: token),
                ])
            case .failure(let problem):
                return pages.page(for: problem)
            }
        }
        router.post("cancel/:token") { request, context -> Response in
            let token = context.parameters.decoded("token")
            var request = request
            let form = try await request.formFields(upTo: 16 * 1024)
            guard isSameSite(request), let confirm = form["confirm"],
                  HMAC<SHA256>.isValidAuthenticationCode(Base64URL.decode(confirm) ?? Data(), authenticating: Data(token.utf8), using: formSecret)
            else {
                return pages.notice(.forbidden, title: "Not cancelled", heading: "Nothing was cancelled",
                                    "Please open the link from your WhatsApp message and confirm there.")
            }
            switch try await cancellation.confirm(token: token, at: now()) {
            case .cancelled(let session): return cancelled(session)
            case .refused(let problem): return pages.page(for: problem)
            }
        }
    }

    private func cancelled(_ session: Session) -> Response {
        pages.notice(title: "Session cancelled", heading: "Your session is cancelled",
                     "\"\(session.summary)\" on \(SessionTime.text(session.start, in: SessionTime.zone(session.timeZone))) is cancelled.",
                     "You will get a WhatsApp message confirming it.")
    }

    func confirmation(for token: String) -> String {
        Base64URL.encode(Data(HMAC<SHA256>.authenticationCode(for: Data(token.utf8), using: formSecret)))
    }

    /// Browsers say where a form post comes from, and a post from another site is refused. So is
    /// `Origin: null` (a sandboxed frame, a privacy redirect: nothing that should cancel a
    /// session). A client that sends neither `Origin` nor `Sec-Fetch-Site` (an old browser) is let
    /// through to the token-bound confirmation value only when its `Referer`, if it sends one, is
    /// this service.
    private func isSameSite(_ request: Request) -> Bool {
        let site = request.headers[.init("Sec-Fetch-Site")!]
        if let site, !["same-origin", "none"].contains(site) { return false }
        if let origin = request.headers[.origin] {
            return origin != "null" && URL(string: origin)?.normalizedOrigin == publicBaseURL.normalizedOrigin
        }
        guard site == nil, let referer = request.headers[.referer] else { return true }
        return URL(string: referer)?.normalizedOrigin == publicBaseURL.normalizedOrigin
    }
}
