public import Foundation
public import OAuth

/// The accounts a host can connect instead of setting up a service account or an app
/// registration of their own (DESIGN.md §24).
public enum ConnectProvider: String, Sendable, CaseIterable {
    case google, microsoft

    /// "Connect Google Calendar", "Connect Microsoft 365".
    public var title: String {
        switch self {
        case .google: "Google Calendar"
        case .microsoft: "Microsoft 365"
        }
    }

    /// The calendar kind its calendars show as.
    public var kind: String {
        switch self {
        case .google: "Google Calendar"
        case .microsoft: "Microsoft 365"
        }
    }

    public var scopes: [String] {
        switch self {
        // `calendar.events` to read and write events; `calendar.readonly` for free/busy and the
        // calendar's own address.
        case .google: ["https://www.googleapis.com/auth/calendar.events", "https://www.googleapis.com/auth/calendar.readonly"]
        // `MailboxSettings.ReadWrite` for the category list; `offline_access` for a refresh token.
        case .microsoft: ["offline_access", "User.Read", "Calendars.ReadWrite", "MailboxSettings.ReadWrite"]
        }
    }

    /// `PUBLIC_BASE_URL/host/connect/{google|microsoft}/callback`: registered with the provider.
    public func redirectURI(publicBaseURL: URL) -> String {
        var base = publicBaseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/host/connect/\(rawValue)/callback"
    }
}

extension Settings {
    /// The providers the settings let a host connect: Google with `GOOGLE_OAUTH_*`, Microsoft
    /// when `MICROSOFT_CALENDARS` names `me`.
    public var connectProviders: [ConnectProvider] {
        ConnectProvider.allCases.filter { oauthProvider($0) != nil }
    }

    /// The OAuth client for `provider`, nil when it is not set up for connecting.
    public func oauthProvider(_ provider: ConnectProvider) -> OAuthProvider? {
        switch provider {
        case .google:
            guard let google = googleOAuth else { return nil }
            // Without `access_type=offline` no refresh token comes back; without `prompt=consent`
            // none comes back on a second connect either (Google sends it with the first consent only).
            return OAuthProvider(name: "Google", authorizationURL: google.authURL, tokenURL: google.tokenURL,
                                 revocationURL: google.revocationURL, clientID: google.clientID, clientSecret: google.clientSecret,
                                 scopes: provider.scopes,
                                 extraParameters: [("access_type", "offline"), ("prompt", "consent"), ("include_granted_scopes", "true")])
        case .microsoft:
            guard let microsoft, microsoft.connectsAccount else { return nil }
            let base = microsoft.loginURL.appendingPathComponent(microsoft.tenant).appendingPathComponent("oauth2/v2.0")
            return OAuthProvider(name: "Microsoft", authorizationURL: base.appendingPathComponent("authorize"),
                                 tokenURL: base.appendingPathComponent("token"), revocationURL: nil, clientID: microsoft.clientID,
                                 clientSecret: microsoft.clientSecret, scopes: provider.scopes,
                                 extraParameters: [("response_mode", "query"), ("prompt", "select_account")], scopesOnRefresh: true)
        }
    }
}
