import Crypto
import Fernet
import Foundation
import Hummingbird
import Notifier

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

/// A post from an attendee page, read: its fields, the language to answer in, and whether it
/// comes from this site with the confirmation its page gave for the link's token.
struct AttendeePost {
    let fields: FormFields
    let language: Language
    let isConfirmed: Bool

    /// Attendee forms are a few short fields.
    static let bodyLimit = 16 * 1024

    init(_ request: Request, token: String, guardian: FormGuard, languages: PageLanguages) async throws {
        var request = request
        fields = try await request.formFields(upTo: Self.bodyLimit)
        language = await languages.language(request, field: fields["lang"])
        isConfirmed = guardian.allows(request, confirm: fields["confirm"], token: token)
    }
}
