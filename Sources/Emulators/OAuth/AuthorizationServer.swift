import Crypto
import Foundation

/// The authorization-code flow of an identity provider, as Google's and Microsoft's sign-in pages
/// run it (RFC 6749 §4.1 with RFC 7636's PKCE), for the emulators: a consent page, codes that are
/// single-use and expire in ten minutes, access tokens for an hour, refresh tokens until revoked.
/// The two dialects differ where the providers do: error texts, which scopes bring a refresh
/// token, whether a refresh rotates it, and whether a grant can be revoked by API.
actor AuthorizationServer {
    enum Dialect: Sendable {
        case google, microsoft
    }

    struct Client: Sendable {
        let id: String
        var secret: String
    }

    /// One authorization waiting on the consent page.
    struct Pending: Sendable {
        let redirectURI: String
        let state: String?
        let challenge: String
        let scopes: [String]
        let offline: Bool
    }

    struct Code: Sendable {
        let pending: Pending
        let account: String
        let expiresAt: Date
    }

    struct Grant: Sendable {
        let account: String
        let scopes: [String]
        var revoked = false
    }

    let dialect: Dialect
    private(set) var client: Client
    /// The address the consent page suggests.
    let defaultAccount: String
    private var pending: [String: Pending] = [:]
    private var codes: [String: Code] = [:]
    private var usedCodes: Set<String> = []
    /// Refresh token → the grant it belongs to (several tokens share one grant after rotation).
    private var refreshTokens: [String: String] = [:]
    private var grants: [String: Grant] = [:]
    /// Access token → (grant, expiry).
    private var accessTokens: [String: (grant: String, expiresAt: Date)] = [:]
    private(set) var refreshes = 0
    private(set) var revocations = 0
    /// Called with the account on each Allow: a real account always has its own calendar, so the
    /// emulator makes one for an address it has not seen.
    private let onConsent: @Sendable (String) async -> Void

    init(dialect: Dialect, client: Client, defaultAccount: String, onConsent: @escaping @Sendable (String) async -> Void = { _ in }) {
        self.dialect = dialect
        self.client = client
        self.defaultAccount = defaultAccount
        self.onConsent = onConsent
    }

    // MARK: Authorize

    /// The answer to `GET …/authorize?…`: a consent page, or a refusal that does not redirect
    /// (an unknown client or redirect URI must never send the browser anywhere).
    enum Authorize {
        case consent(id: String, scopes: [String])
        case refuse(String)
        case redirect(URL)
    }

    func authorize(_ query: [String: String]) -> Authorize {
        guard query["client_id"] == client.id else { return .refuse(text(unknownClient: query["client_id"] ?? "")) }
        guard let redirect = query["redirect_uri"], Self.isAllowedRedirect(redirect) else {
            return .refuse(dialect == .google ? "Error 400: redirect_uri_mismatch" : "AADSTS50011: The redirect URI specified in the request does not match the redirect URIs configured for the application.")
        }
        let state = query["state"]
        guard query["response_type"] == "code" else {
            return .redirect(Self.url(redirect, [("error", "unsupported_response_type"), ("state", state ?? "")]))
        }
        guard let challenge = query["code_challenge"], query["code_challenge_method"] == "S256", challenge.count >= 43 else {
            return .redirect(Self.url(redirect, [("error", "invalid_request"), ("error_description", "PKCE with S256 is required"),
                                                 ("state", state ?? "")]))
        }
        let scopes = (query["scope"] ?? "").split(separator: " ").map(String.init)
        let offline = dialect == .google ? query["access_type"] == "offline" : scopes.contains("offline_access")
        let id = Self.random(24)
        pending[id] = Pending(redirectURI: redirect, state: state, challenge: challenge, scopes: scopes, offline: offline)
        return .consent(id: id, scopes: scopes)
    }

    /// The host's choice on the consent page: a code, or `access_denied`, sent back to the app.
    func decide(id: String, allow: Bool, account: String) async -> URL? {
        guard let request = pending.removeValue(forKey: id) else { return nil }
        if allow { await onConsent(account.lowercased()) }
        var fields: [(String, String)] = []
        if allow {
            let code = (dialect == .google ? "4/0A" : "M.C5") + Self.random(40)
            codes[code] = Code(pending: request, account: account.lowercased(), expiresAt: Date().addingTimeInterval(600))
            fields.append(("code", code))
            if dialect == .google { fields.append(("scope", request.scopes.joined(separator: " "))) }
        } else {
            fields.append(("error", "access_denied"))
            if dialect == .microsoft {
                fields.append(("error_description", "AADSTS65004: User declined to consent to access the app."))
            }
        }
        if let state = request.state { fields.append(("state", state)) }
        return Self.url(request.redirectURI, fields)
    }

    // MARK: Token

    /// `POST …/token` for the authorization-code and refresh-token grants: the status and JSON body.
    func token(_ form: [String: String]) -> (status: Int, body: Data) {
        let (status, object) = answer(form)
        return (status, (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    private func answer(_ form: [String: String]) -> (status: Int, body: [String: Any]) {
        guard form["client_id"] == client.id else { return refusal(401, "invalid_client", text(unknownClient: form["client_id"] ?? "")) }
        guard form["client_secret"] == client.secret else {
            return refusal(401, "invalid_client", dialect == .google ? "Unauthorized" : "AADSTS7000215: Invalid client secret provided.")
        }
        switch form["grant_type"] {
        case "authorization_code": return redeem(form)
        case "refresh_token": return refresh(form)
        default: return refusal(400, "unsupported_grant_type", "Invalid grant_type: \(form["grant_type"] ?? "")")
        }
    }

    private func redeem(_ form: [String: String]) -> (status: Int, body: [String: Any]) {
        let given = form["code"] ?? ""
        if usedCodes.contains(given) {
            return refusal(400, "invalid_grant", dialect == .google ? "Bad Request" : "AADSTS54005: OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.")
        }
        guard let code = codes.removeValue(forKey: given), code.expiresAt > Date() else {
            return refusal(400, "invalid_grant", dialect == .google ? "Malformed auth code." : "AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.")
        }
        usedCodes.insert(given)
        guard form["redirect_uri"] == code.pending.redirectURI else {
            return refusal(400, dialect == .google ? "redirect_uri_mismatch" : "invalid_grant", dialect == .google ? "Bad Request" : "AADSTS50148: The redirect_uri does not match the one used in the authorization request.")
        }
        guard let verifier = form["code_verifier"], Self.challenge(verifier) == code.pending.challenge else {
            return refusal(400, "invalid_grant", dialect == .google ? "Invalid code verifier." : "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.")
        }
        let grantID = Self.random(16)
        grants[grantID] = Grant(account: code.account, scopes: code.pending.scopes)
        return (200, issue(grantID, refresh: code.pending.offline))
    }

    private func refresh(_ form: [String: String]) -> (status: Int, body: [String: Any]) {
        refreshes += 1
        guard let grantID = refreshTokens[form["refresh_token"] ?? ""], let grant = grants[grantID], !grant.revoked else {
            return refusal(400, "invalid_grant", dialect == .google ? "Token has been expired or revoked." : "AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.")
        }
        // Microsoft sends a new refresh token with each refresh (the old one keeps working);
        // Google keeps the one it gave.
        return (200, issue(grantID, refresh: dialect == .microsoft))
    }

    private func issue(_ grantID: String, refresh: Bool) -> [String: Any] {
        let grant = grants[grantID]!
        let access = (dialect == .google ? "ya29.a0" : "eyJ0eXAiOiJKV1Qi.user.") + Self.random(40)
        accessTokens[access] = (grantID, Date().addingTimeInterval(3_599))
        var body: [String: Any] = ["access_token": access, "expires_in": 3_599, "token_type": "Bearer",
                                   "scope": grant.scopes.filter { $0 != "offline_access" }.joined(separator: " ")]
        if refresh {
            let token = (dialect == .google ? "1//0g" : "M.C5_BAY.") + Self.random(48)
            refreshTokens[token] = grantID
            body["refresh_token"] = token
        }
        return body
    }

    // MARK: Revoke, and the API's view

    /// Google's `POST /revoke`: revoking any token of a grant revokes the whole grant.
    func revoke(_ token: String) -> Bool {
        guard let grantID = refreshTokens[token] ?? accessTokens[token]?.grant, grants[grantID] != nil else { return false }
        grants[grantID]?.revoked = true
        revocations += 1
        return true
    }

    /// The account an access token acts for, if it is live and its grant not revoked.
    func account(for accessToken: String) -> String? {
        guard let (grantID, expiresAt) = accessTokens[accessToken], expiresAt > Date(), let grant = grants[grantID], !grant.revoked
        else { return nil }
        return grant.account
    }

    /// As when the host removes the app's access in their account settings (or an administrator
    /// revokes their sessions): every grant of `account` stops working.
    func revokeGrants(of account: String) {
        for (id, grant) in grants where grant.account == account.lowercased() { grants[id]?.revoked = true }
    }

    /// As when an hour passes: access tokens stop working, refresh tokens do not.
    func expireAccessTokens() {
        accessTokens.removeAll()
    }

    /// Grants not revoked, per account.
    func liveGrants(of account: String) -> Int {
        grants.values.filter { $0.account == account.lowercased() && !$0.revoked }.count
    }

    func rotateSecret(to secret: String) {
        client.secret = secret
    }

    // MARK: Helpers

    private func refusal(_ status: Int, _ error: String, _ description: String) -> (status: Int, body: [String: Any]) {
        (status, ["error": error, "error_description": description])
    }

    private func text(unknownClient id: String) -> String {
        dialect == .google ? "The OAuth client was not found." : "AADSTS700016: Application with identifier '\(id)' was not found in the directory."
    }

    /// Both providers accept a loopback redirect on any port (desktop apps, and the tests'
    /// `PUBLIC_BASE_URL`); nothing else is registered with the emulated client.
    static func isAllowedRedirect(_ uri: String) -> Bool {
        guard let url = URL(string: uri), let scheme = url.scheme, ["http", "https"].contains(scheme) else { return false }
        return ["127.0.0.1", "localhost", "[::1]", "::1"].contains(url.host ?? "") && url.fragment == nil
    }

    static func challenge(_ verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func random(_ count: Int) -> String {
        String((0..<count).map { _ in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".randomElement()! })
    }

    static func url(_ base: String, _ fields: [(String, String)]) -> URL {
        URL(string: base + (base.contains("?") ? "&" : "?") + FormText.text(fields))!
    }
}
