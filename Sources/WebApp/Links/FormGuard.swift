import Crypto
import Fernet
import Foundation
import Hummingbird

/// What every attendee form carries and checks: a value bound to the link's token with a server
/// secret (so a form cannot be forged for a token it was not shown for), and a refusal of posts
/// from another site.
struct FormGuard: Sendable {
    let formSecret: SymmetricKey
    let publicBaseURL: URL

    func confirmation(for token: String) -> String {
        Base64URL.encode(Data(HMAC<SHA256>.authenticationCode(for: Data(token.utf8), using: formSecret)))
    }

    /// The post comes from this site and carries the value the page gave for `token`.
    func allows(_ request: Request, confirm: String?, token: String) -> Bool {
        guard isSameSite(request), let confirm else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(Base64URL.decode(confirm) ?? Data(), authenticating: Data(token.utf8), using: formSecret)
    }

    /// Browsers say where a form post comes from, and a post from another site is refused. So is
    /// `Origin: null` (a sandboxed frame, a privacy redirect: nothing that should change a
    /// session). A client that sends neither `Origin` nor `Sec-Fetch-Site` (an old browser) is let
    /// through to the token-bound confirmation value only when its `Referer`, if it sends one, is
    /// this service.
    func isSameSite(_ request: Request) -> Bool {
        let site = request.headers[.init("Sec-Fetch-Site")!]
        if let site, !["same-origin", "none"].contains(site) { return false }
        if let origin = request.headers[.origin] {
            return origin != "null" && URL(string: origin)?.normalizedOrigin == publicBaseURL.normalizedOrigin
        }
        guard site == nil, let referer = request.headers[.referer] else { return true }
        return URL(string: referer)?.normalizedOrigin == publicBaseURL.normalizedOrigin
    }
}
