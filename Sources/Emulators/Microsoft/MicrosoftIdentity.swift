import Foundation
import Hummingbird

/// Microsoft's identity platform as the service meets it: `POST /{tenant}/oauth2/v2.0/token`
/// with `grant_type=client_credentials` for the registered app, answering Microsoft's JSON, or
/// `401 invalid_client` (`AADSTS7000215`) for a wrong secret and `400 invalid_request`
/// (`AADSTS90002`) for an unknown tenant.
actor MicrosoftIdentity {
    let tenant: String
    let clientID: String
    private(set) var clientSecret: String
    private var issued: Set<String> = []
    private(set) var tokenRequests = 0
    /// Delegated sign-ins of connected accounts (DESIGN.md §24), for the same app.
    let consent: AuthorizationServer

    init(tenant: String, clientID: String, clientSecret: String, onConsent: @escaping @Sendable (String) async -> Void = { _ in }) {
        (self.tenant, self.clientID, self.clientSecret) = (tenant, clientID, clientSecret)
        consent = AuthorizationServer(dialect: .microsoft, client: .init(id: clientID, secret: clientSecret), defaultAccount: "host@contoso.com",
                                      onConsent: onConsent)
    }

    /// Tenants a delegated sign-in may name: the organisation's, or Microsoft's multi-tenant ones.
    func knows(tenant requested: String) -> Bool {
        [tenant.lowercased(), "common", "organizations", "consumers"].contains(requested.lowercased())
    }

    func accepts(_ token: String) -> Bool { issued.contains(token) }

    /// A new secret, as an administrator makes one in Entra: the old one is refused from now on
    /// and the tokens issued with it stop working.
    func rotateSecret() -> String {
        clientSecret = "secret-" + UUID().uuidString
        issued.removeAll()
        let secret = clientSecret
        Task { await consent.rotateSecret(to: secret) }
        return clientSecret
    }

    func grant(tenant requested: String, form: [String: String]) -> (status: Int, body: Data) {
        let (status, object) = answer(tenant: requested, form: form)
        return (status, (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    private func answer(tenant requested: String, form: [String: String]) -> (status: Int, body: [String: Any]) {
        tokenRequests += 1
        guard requested.lowercased() == tenant.lowercased() else {
            return (400, refusal("invalid_request", "AADSTS90002: Tenant '\(requested)' not found. Check to make sure you have the correct tenant ID.", 90002))
        }
        guard form["grant_type"] == "client_credentials" else {
            return (400, refusal("unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.", 70003))
        }
        guard form["client_id"] == clientID else {
            return (400, refusal("unauthorized_client", "AADSTS700016: Application with identifier '\(form["client_id"] ?? "")' was not found in the directory.", 700016))
        }
        guard form["client_secret"] == clientSecret else {
            return (401, refusal("invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.", 7000215))
        }
        guard form["scope"] == "https://graph.microsoft.com/.default" else {
            return (400, refusal("invalid_scope", "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.", 1002012))
        }
        let token = "eyJ0eXAiOiJKV1Qi." + UUID().uuidString
        issued.insert(token)
        return (200, ["token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": token])
    }

    private func refusal(_ error: String, _ description: String, _ code: Int) -> [String: Any] {
        ["error": error, "error_description": description + "\r\nTrace ID: \(UUID().uuidString)\r\nTimestamp: \(GraphTime.utc(Date()))",
         "error_codes": [code], "timestamp": GraphTime.utc(Date()), "trace_id": UUID().uuidString]
    }

    nonisolated func add(to router: Router<BasicRequestContext>) {
        ConsentRoutes(server: consent, provider: "Microsoft").add(to: router, authorizePath: ":tenant/oauth2/v2.0/authorize")
        router.post(":tenant/oauth2/v2.0/token") { request, context in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            let form = Dictionary(FormText.fields(String(buffer: body)), uniquingKeysWith: { first, _ in first })
            let tenant = context.parameters.get("tenant") ?? ""
            if ["authorization_code", "refresh_token"].contains(form["grant_type"] ?? ""), await self.knows(tenant: tenant) {
                let answer = await self.consent.token(form)
                return JSONReply.response(status: answer.status, data: answer.body)
            }
            let answer = await self.grant(tenant: tenant, form: form)
            return JSONReply.response(status: answer.status, data: answer.body)
        }
    }
}

/// Throttling on demand: the next `count` Graph calls answer `429` with `Retry-After`.
actor GraphFaults {
    private var throttled = 0
    private var retryAfter = 1

    func throttle(next count: Int, retryAfter seconds: Int) {
        throttled = count
        retryAfter = seconds
    }

    func next() -> GraphErrorReply? {
        guard throttled > 0 else { return nil }
        throttled -= 1
        return GraphErrorReply(status: 429, code: "ApplicationThrottled", message: "Application is over its MailboxConcurrency limit.",
                               retryAfter: retryAfter)
    }
}
