import Foundation
import Hummingbird
import Notifier

/// The host dashboard (DESIGN.md §19), on only when `DASHBOARD_PASSWORD` is set: `GET /host` (the
/// login form without a session), `POST /host/login`, `POST /host/logout`, `GET /host/api/sessions`
/// and the actions `POST /host/sessions/{calendar}/{event}/resend|mute|unmute`. Every `POST` but
/// the login needs the session and its CSRF value.
struct DashboardController {
    let password: String
    let cookie: HostSessionCookie
    let throttle: LoginThrottle
    let trustedProxies: TrustedProxies
    let store: any ServiceStore
    let actions: HostActions
    /// The watched calendars (read per request: an account that connects late joins them) and those disconnected.
    let calendars: CalendarDirectory
    let colors: (success: String, failure: String, confirmed: String)
    let pages: PageTemplates
    let now: @Sendable () -> Date
    /// Meta's webhooks refused for their signature, shown with the calendars' problems.
    var signatures: RefusedSignatures? = nil

    /// The routes this controller answers, mounted by `buildRouter`.
    var endpoints: RouteCollection<ServiceRequestContext> {
        let router = RouteCollection(context: ServiceRequestContext.self)
        router.get("host") { request, _ -> Response in
            guard let session = try await liveSession(request) else { return loginPage(nil) }
            let filter = request.uri.queryParameters.get("filter")
            let calendar = request.uri.queryParameters.get("calendar").flatMap { calendars.calendarIDs.contains($0) ? $0 : nil }
            let dashboard = try await store.hostDashboard(now: now(), calendar: calendar, colors: colors, languages: pages.languages.choice)
            return page(dashboard, session: session, filter: filter, calendar: calendar)
        }
        router.get("host/api/sessions") { request, _ -> Response in
            guard try await liveSession(request) != nil else {
                return Response(status: .unauthorized, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(string: #"{"error":"log in at /host first"}"#)))
            }
            let calendar = request.uri.queryParameters.get("calendar").flatMap { calendars.calendarIDs.contains($0) ? $0 : nil }
            let dashboard = try await store.hostDashboard(now: now(), calendar: calendar, colors: colors, languages: pages.languages.choice)
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys]
            return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(dashboard))))
        }
        router.post("host/login") { request, context -> Response in
            var request = request
            let form = try await request.formFields(upTo: 4 * 1024)
            let client = clientAddress(request, peer: context.remoteAddress?.ipAddress)
            let now = now()
            // The right password too is refused while an address is over its limit.
            guard await !throttle.isBlocked(client, now: now) else {
                context.logger.warning("dashboard login refused: too many wrong passwords", metadata: ["client": "\(client)"])
                return loginPage("Too many wrong passwords. Wait a minute, then try again.", status: .tooManyRequests)
            }
            guard HostSessionCookie.matches(form["password"] ?? "", password) else {
                await throttle.recordFailure(client, now: now)
                context.logger.notice("dashboard login failed", metadata: ["client": "\(client)"])
                return loginPage("That password is not right.", status: .unauthorized)
            }
            let session = cookie.issue(now: now)
            try await store.openHostSession(id: HostSessionCookie.id(of: session), key: cookie.fingerprint,
                                            expiresAt: HostSessionCookie.expiry(of: session), now: now)
            return Response(status: .seeOther, headers: [.location: "/host", .setCookie: cookie.header(session),
                                                         .cacheControl: "no-store"])
        }
        router.post("host/logout") { request, _ -> Response in
            guard try await authorized(request) != nil, let session = cookie.session(in: request, now: now()) else { return forbidden() }
            try await store.closeHostSession(id: HostSessionCookie.id(of: session))
            return Response(status: .seeOther, headers: [.location: "/host", .setCookie: cookie.header(""), .cacheControl: "no-store"])
        }
        router.post("host/attendees/:phone/language") { request, context -> Response in
            // The host sets an attendee's language (or forgets it: `automatic`), as their own choice would.
            guard let form = try await authorized(request), let phone = PhoneNumber(e164: context.parameters.decoded("phone")) else {
                return forbidden()
            }
            let wanted = form["lang"] ?? ""
            let language = Language(tag: wanted).flatMap { pages.languages.choice.available.contains($0) ? $0 : nil }
            guard language != nil || wanted == "automatic" else { return Response(status: .badRequest) }
            try await store.chooseLanguage(language, for: phone.e164, at: now())
            return Response(status: .seeOther, headers: [.location: form["back"].flatMap { $0.hasPrefix("/host") ? $0 : nil } ?? "/host",
                                                         .cacheControl: "no-store"])
        }
        router.post("host/sessions/:calendar/:event/:action") { request, context -> Response in
            guard try await authorized(request) != nil else { return forbidden() }
            let calendar = context.parameters.decoded("calendar"), event = context.parameters.decoded("event")
            guard calendars.calendarIDs.contains(calendar) else { return forbidden() }
            switch context.parameters.get("action") {
            case "resend": _ = try await actions.resend(calendarID: calendar, eventID: event, now: now())
            case "mute": try await actions.setMuted(true, calendarID: calendar, eventID: event)
            case "unmute": try await actions.setMuted(false, calendarID: calendar, eventID: event)
            default: return Response(status: .notFound)
            }
            return Response(status: .seeOther, headers: [.location: "/host#s-\(event)", .cacheControl: "no-store"])
        }
        return router
    }

    private var gate: HostSessionGate { HostSessionGate(cookie: cookie, store: store, now: now) }

    private func authorized(_ request: Request) async throws -> FormFields? {
        try await gate.authorized(request)?.form
    }

    private func liveSession(_ request: Request) async throws -> String? {
        try await gate.liveSession(request)
    }

    private func forbidden() -> Response {
        pages.notice(.forbidden, title: "Not allowed", heading: "That did not come from your dashboard",
                     "Nothing was changed. Open /host and try again from there.")
    }

    private func loginPage(_ problem: String?, status: HTTPResponse.Status = .ok) -> Response {
        var values: [String: Any] = ["title": "Host dashboard"]
        values["problem"] = problem
        return pages.page(.hostLogin, status: status, values)
    }

    /// The client: behind a trusted proxy the address it names (`X-Real-IP`, set by deploy/Caddyfile
    /// from the connection, or `X-Forwarded-For`), else the connection's peer. Always an IP address.
    func clientAddress(_ request: Request, peer: String?) -> String {
        trustedProxies.client(peer: peer, realIP: request.headers[.init("X-Real-IP")!],
                              forwardedFor: request.headers[.init("X-Forwarded-For")!])
    }

    private func page(_ dashboard: HostDashboard, session: String, filter: String?, calendar: String?) -> Response {
        let csrf = cookie.csrf(for: session)
        let sessions = dashboard.sessions(showing: filter.flatMap(HostDashboard.Filter.init(rawValue:)))
        let rows: [[String: Any]] = sessions.map { session in
            let zone = SessionTime.zone(session.timeZone)
            var row: [String: Any] = [
                "summary": session.summary.isEmpty ? "(no title)" : session.summary, "calendar": session.calendar, "source": calendars.kind(of: session.calendar) ?? session.source, "event": session.event,
                "when": session.start.map { SessionTime.text($0, in: zone) } ?? "", "colour": session.colour,
                "cancelled": session.cancelled, "muted": session.muted, "csrf": csrf,
                "path": "/host/sessions/\(Self.segment(session.calendar))/\(Self.segment(session.event))",
                "attendees": session.attendees.map { attendee -> [String: Any] in
                    [
                        "masked": attendee.masked, "phone": attendee.phone, "optedOut": attendee.optedOut,
                        "language": attendee.language, "languagePath": "/host/attendees/\(Self.segment(attendee.phone))/language",
                        "languages": pages.languages.choice.available.map { ["code": $0.code, "selected": $0.code == attendee.chosenLanguage] },
                        "automatic": attendee.chosenLanguage == nil, "fromEvent": attendee.languageFromEvent == true,
                        "messages": attendee.messages.map { message -> [String: Any] in
                            var values: [String: Any] = ["kind": message.kind, "at": SessionTime.text(message.at, in: zone), "state": message.state,
                                                         "stateText": message.state == "unknown" ? "outcome unknown" : message.state]
                            values["reason"] = message.reason
                            return values
                        },
                        "reminders": attendee.reminders.map { SessionTime.text($0, in: zone) },
                        "replies": attendee.replies.map { ["kind": $0.kind, "at": SessionTime.text($0.at, in: zone)] },
                    ]
                },
            ]
            row["resend"] = session.resend
            row["problem"] = session.problem
            return row
        }
        var filters: [[String: Any]] = [
            ["label": "All", "href": "/host", "on": filter == nil && calendar == nil],
            ["label": "Failed only", "href": "/host?filter=failed", "on": filter == "failed"],
            ["label": "Unconfirmed", "href": "/host?filter=unconfirmed", "on": filter == "unconfirmed"],
        ]
        let calendarIDs = calendars.calendarIDs
        if calendarIDs.count > 1 {
            filters += calendarIDs.map { ["label": $0, "href": "/host?calendar=\(Self.segment($0))", "on": calendar == $0] }
        }
        let summary = dashboard.summary
        // Not answering for three rounds in a row shows too: the host should know, though nothing is refused.
        let disconnected = calendars.disconnections.map(\.problem)
        let refused = signatures?.problem(at: now()).map { [$0] } ?? []
        let problems = refused + disconnected + calendars.unanswered().map { "Not answering: \($0.problem)" }
        let title = !refused.isEmpty ? "WhatsApp webhooks refused" : disconnected.isEmpty ? "Calendar not answering" : "Calendar disconnected"
        return pages.page(.host, [
            "disconnected": problems.isEmpty ? false : ["problems": problems, "title": title] as [String: Any],
            "csrf": csrf, "sessions": rows, "filters": filters, "filtered": filter != nil || calendar != nil,
            "summary": ["messagesToday": summary.messagesToday, "failed": summary.failed, "optedOutNumbers": summary.optedOutNumbers],
            "delivered": summary.deliveredPercent.map { "\($0) %" } ?? "–", "confirmed": summary.confirmedPercent.map { "\($0) %" } ?? "–",
        ])
    }

    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
