public import ClientSupport
public import Foundation

/// An OAuth 2.0 provider as a registered app meets it: where to send the host to consent, where
/// to trade codes and refresh tokens, and what to ask for (DESIGN.md §24).
public struct OAuthProvider: Sendable {
    /// "Google", "Microsoft": how messages name it.
    public let name: String
    public let authorizationURL: URL
    public let tokenURL: URL
    /// Google's `/revoke`; Microsoft has no endpoint that revokes one grant, so nil.
    public let revocationURL: URL?
    public let clientID: String
    /// Web clients have one; a public (desktop) client may not.
    public let clientSecret: Secret?
    public let scopes: [String]
    /// Provider specifics for the consent URL (Google's `access_type=offline&prompt=consent`,
    /// without which no refresh token comes back).
    public let extraParameters: [(String, String)]
    /// Microsoft wants the scopes again with each refresh; Google keeps the granted ones.
    public let scopesOnRefresh: Bool

    public init(name: String, authorizationURL: URL, tokenURL: URL, revocationURL: URL?, clientID: String, clientSecret: Secret?,
                scopes: [String], extraParameters: [(String, String)] = [], scopesOnRefresh: Bool = false) {
        self.scopesOnRefresh = scopesOnRefresh
        self.name = name
        self.authorizationURL = authorizationURL
        self.tokenURL = tokenURL
        self.revocationURL = revocationURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.extraParameters = extraParameters
    }

    /// The consent page's address for one flow: the authorization-code flow with PKCE (`S256`).
    public func consentURL(redirectURI: String, state: String, pkce: PKCE) -> URL {
        let fields: [(String, String)] = [
            ("response_type", "code"), ("client_id", clientID), ("redirect_uri", redirectURI), ("scope", scopes.joined(separator: " ")),
            ("state", state), ("code_challenge", pkce.challenge), ("code_challenge_method", "S256"),
        ] + extraParameters
        let separator = authorizationURL.query == nil ? "?" : "&"
        return URL(string: authorizationURL.absoluteString + separator + FormEncoding.encode(fields))!
    }
}

/// `application/x-www-form-urlencoded` with every character but RFC 3986's unreserved ones
/// escaped (a `+` in a secret must not arrive as a space).
public enum FormEncoding {
    public static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    public static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
