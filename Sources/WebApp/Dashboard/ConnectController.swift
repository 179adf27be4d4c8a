import Foundation
import Hummingbird
import Logging
import Notifier
import OAuth

/// Connecting the host's own Google or Microsoft account (DESIGN.md §24), on only with the
/// dashboard: `GET /host/connect` lists the calendars and the accounts, `POST
/// /host/connect/{provider}` starts the authorization-code flow with PKCE, the provider sends the
/// browser back to `GET /host/connect/{provider}/callback`, and `POST
/// /host/connect/{provider}/disconnect` revokes and forgets the grant.
struct ConnectController {
    let gate: HostSessionGate
    let flows: ConnectFlowCookie
    let connector: AccountConnector
    let calendars: CalendarDirectory
    let publicBaseURL: URL
    let pages: PageTemplates
    let now: @Sendable () -> Date

    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.get("host/connect") { request, _ -> Response in
            guard let session = try await gate.liveSession(request) else { return toDashboard() }
            return try await page(session: session, message: nil)
        }
        router.post("host/connect/:provider") { request, context -> Response in
            guard let provider = ConnectProvider(rawValue: context.parameters.get("provider") ?? "") else { return Response(status: .notFound) }
            guard let (_, session) = try await gate.authorized(request) else { return forbidden() }
            let flow = ConnectFlowCookie.Flow(provider: provider.rawValue, state: PKCE.randomText(bytes: 24), verifier: PKCE().verifier,
                                              session: HostSessionCookie.id(of: session))
            guard let url = connector.consentURL(provider, redirectURI: provider.redirectURI(publicBaseURL: publicBaseURL), state: flow.state,
                                                 pkce: PKCE(verifier: flow.verifier))
            else { return try await page(session: session, message: "\(provider.title) is not set up on this server.", status: .badRequest) }
            return Response(status: .seeOther, headers: [.location: url.absoluteString, .setCookie: flows.header(provider, flow),
                                                         .cacheControl: "no-store"])
        }
        router.get("host/connect/:provider/callback") { request, context -> Response in
            guard let provider = ConnectProvider(rawValue: context.parameters.get("provider") ?? "") else { return Response(status: .notFound) }
            return try await callback(request, provider: provider, logger: context.logger)
        }
        router.post("host/connect/:provider/disconnect") { request, context -> Response in
            guard let provider = ConnectProvider(rawValue: context.parameters.get("provider") ?? "") else { return Response(status: .notFound) }
            guard let (_, session) = try await gate.authorized(request) else { return forbidden() }
            let removed = try await connector.disconnect(provider)
            return try await page(session: session, message: removed ? "\(provider.title) is disconnected: its calendars are no longer watched." : "\(provider.title) was not connected.")
        }
        return router
    }

    /// The provider's redirect back. Only a browser holding the flow's cookie, whose dashboard
    /// session is still open, with the `state` it was sent, gets anything done.
    private func callback(_ request: Request, provider: ConnectProvider, logger: Logger) async throws -> Response {
        let query = request.uri.queryParameters
        let clear = flows.header(provider, nil)
        guard let flow = flows.flow(in: request, for: provider), PushNotifications.sameToken(query.get("state") ?? "", flow.state),
              try await gate.isOpen(sessionID: flow.session)
        else {
            logger.warning("connect callback refused: no matching flow", metadata: ["provider": "\(provider.rawValue)"])
            // The flow's cookie is left as it is: a stray or forged callback must not end a sign-in in progress.
            return result(.forbidden, nil, heading: "This sign-in did not start here",
                          "Nothing was connected. Open your dashboard's Calendars page and choose Connect again (a sign-in must finish within ten minutes).")
        }
        if let error = query.get("error").map({ $0.replacingOccurrences(of: "+", with: " ") }) {
            let text = error == "access_denied" ? "You chose not to allow access, so nothing was connected." : "\(provider.title) answered: \(error)."
            return result(.ok, clear, heading: "\(provider.title) is not connected", text)
        }
        guard let code = query.get("code"), !code.isEmpty else {
            return result(.badRequest, clear, heading: "\(provider.title) is not connected", "The sign-in came back without a code. Try again.")
        }
        do {
            let account = try await connector.finish(provider, code: code, redirectURI: provider.redirectURI(publicBaseURL: publicBaseURL),
                                                     pkce: PKCE(verifier: flow.verifier), now: now())
            return result(.ok, clear, heading: "\(provider.title) is connected",
                          "Connected as \(account). Its calendar is watched from now on.")
        } catch {
            logger.warning("connect failed", metadata: ["provider": "\(provider.rawValue)", "error": "\(error)"])
            return result(.badGateway, clear, heading: "\(provider.title) is not connected", "\(error)", "Nothing was stored. Try again from your dashboard.")
        }
    }

    /// A result page that clears the flow's cookie and leads back to the Calendars page: a link
    /// from this page is same-site, so the browser sends the session cookie with it again.
    private func result(_ status: HTTPResponse.Status, _ clear: String?, heading: String, _ paragraphs: String...) -> Response {
        var response = pages.page(.notice, status: status, ["title": heading, "heading": heading, "paragraphs": paragraphs,
                                                             "button": ["href": "/host/connect", "label": "Back to your calendars"]])
        if let clear { response.headers[.setCookie] = clear }
        return response
    }

    private func page(session: String, message: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let connected = try await connector.accounts.all()
        let available = connector.settings.connectProviders
        let providers: [[String: Any]] = ConnectProvider.allCases.map { provider in
            var values: [String: Any] = ["provider": provider.rawValue, "title": provider.title, "csrf": gate.cookie.csrf(for: session),
                                         "available": available.contains(provider), "setup": Self.setup(provider)]
            if let account = connected.first(where: { $0.provider == provider }) {
                values["account"] = account.account
                values["since"] = SessionTime.text(account.connectedAt, in: TimeZone(identifier: "UTC")!)
                values["problem"] = calendars.problems(ofAccount: AccountConnector.label(provider)).first
            }
            return values
        }
        let watched = calendars.calendarIDs.map { ["id": $0, "kind": calendars.kind(of: $0) ?? "Calendar"] }
        var values: [String: Any] = ["title": "Your calendars", "providers": providers, "calendars": watched]
        values["message"] = message
        return pages.page(.hostConnect, status: status, values)
    }

    static func setup(_ provider: ConnectProvider) -> String {
        switch provider {
        case .google: "set GOOGLE_OAUTH_CLIENT_ID and GOOGLE_OAUTH_CLIENT_SECRET"
        case .microsoft: "set MICROSOFT_CLIENT_ID, MICROSOFT_CLIENT_SECRET and MICROSOFT_CALENDARS=me"
        }
    }

    private func toDashboard() -> Response {
        Response(status: .seeOther, headers: [.location: "/host", .cacheControl: "no-store"])
    }

    private func forbidden() -> Response {
        pages.notice(.forbidden, title: "Not allowed", heading: "That did not come from your dashboard",
                     "Nothing was changed. Open /host/connect and try again from there.")
    }
}
