import Composition
import Emulators
import Foundation
import Logging
import GoogleCalendar
import TestSupport
import Testing
@testable import Notifier

/// Connecting the host's own account instead of a service account (DESIGN.md §24): the whole
/// authorization-code flow with PKCE through the running service's `/host/connect` and the
/// emulated consent page, over real HTTP, then the service's work on the connected calendar.
@Suite(.serialized)
struct ConnectFlowTests {
    static let password = DashboardTests.password
    /// A Google host with no service account: only the OAuth client, and the dashboard to connect from.
    static func googleOnly(_ google: GoogleEmulator) -> [String: String] {
        google.oauthSettings.merging(["GOOGLE_SERVICE_ACCOUNT_FILE": "", "GOOGLE_CALENDAR_ID": "", "DASHBOARD_PASSWORD": password,
                                      "CALENDLY_SCHEDULING_URL": "", "CALENDLY_WEBHOOK_SIGNING_KEY": ""]) { $1 }
    }

    /// One connect as a browser makes it: the Calendars page, Connect, the provider's consent
    /// page, Allow (or Cancel), and the redirect back, which carries the flow's cookie and not
    /// the `SameSite=Strict` session cookie. Returns the callback's page.
    static func connect(_ provider: ConnectProvider, in world: ServiceWorld, session: String, as account: String,
                        allow: Bool = true) async throws -> Browser.Page {
        let base = world.baseURL.absoluteString
        let calendars = try await Browser.get(base + "/host/connect", headers: [("Cookie", session)])
        #expect(calendars.status == 200 && calendars.body.contains("Connect \(provider.title)"))
        let started = try await Browser.post(base + "/host/connect/\(provider.rawValue)", form: [("csrf", try DashboardTests.csrf(in: calendars.body))],
                                             headers: [("Cookie", session)])
        #expect(started.status == 303)
        let flowCookie = try #require(started.headers.first(name: "Set-Cookie"))
        #expect(flowCookie.contains("SameSite=Lax") && flowCookie.contains("HttpOnly") && flowCookie.contains("Path=/host/connect/\(provider.rawValue)"))
        let consentURL = try #require(started.location.flatMap(URL.init(string:)))
        let query = URLComponents(url: consentURL, resolvingAgainstBaseURL: false)?.queryItems ?? []
        #expect(query.first { $0.name == "code_challenge_method" }?.value == "S256")
        #expect(query.first { $0.name == "redirect_uri" }?.value == base + "/host/connect/\(provider.rawValue)/callback")
        let back = try await consent(at: consentURL, as: account, allow: allow)
        return try await Browser.get(back, headers: [("Cookie", String(flowCookie.split(separator: ";")[0]))])
    }

    /// The provider's consent page: Allow or Cancel; returns where the provider sends the browser.
    static func consent(at url: URL, as account: String, allow: Bool) async throws -> String {
        try await EmulatedConsent.answer(url, as: account, allow: allow)
    }

    /// The database file holds no token in clear: not the refresh token, not an access token.
    static func expectNoTokenInClear(_ world: ServiceWorld) throws {
        for suffix in ["", "-wal"] {
            guard let data = FileManager.default.contents(atPath: world.environment["DATABASE_PATH"]! + suffix) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for prefix in ["1//0g", "ya29.", "M.C5_BAY.", "eyJ0eXAiOiJKV1Qi.user."] {
                #expect(!text.contains(prefix), "a token (\(prefix)…) is stored in clear")
            }
        }
    }

    // MARK: Google

    @Test func aConnectedGoogleHostGetsTheWholeFlow() async throws {
        let settings = ["GOOGLE_PUSH": "on", "POLL_INTERVAL": "1h"].merging(BookingPagesTests.settings) { $1 }
        try await ServiceWorld.run(settings, googleSettings: Self.googleOnly) { world in
            // Before connecting, the calendar waits, and says what to do.
            try await world.pass()
            let health = try await Browser.get(world.baseURL.absoluteString + "/healthz")
            #expect(health.status == 200 && health.body.contains("disconnected: a Google calendar"), "\(health.body)")
            #expect(world.service.calendarIDs.isEmpty)

            let session = try await DashboardTests.logIn(world)
            let connected = try await Self.connect(.google, in: world, session: session, as: ServiceWorld.calendar)
            #expect(connected.status == 200 && connected.body.contains("Connected as \(ServiceWorld.calendar)"), "\(connected.body)")
            #expect(connected.headers.first(name: "Set-Cookie")?.contains("Max-Age=0") == true, "the flow's cookie is cleared")
            #expect(world.service.calendarIDs == [ServiceWorld.calendar], "`primary` is the account's own calendar")
            try Self.expectNoTokenInClear(world)

            // Push: a channel on the connected calendar brings the host's edit without a poll.
            try await eventually("the channel is open") { await PushTests.liveChannels(world).count == 1 ? true : nil }
            let id = try await world.create("Coaching")
            let scheduled = try await eventually("push brings the message") { await world.twilio.messages().first }
            #expect(scheduled.body.hasPrefix("Your session \"Coaching\" is scheduled"))
            try await world.settle()
            #expect(await world.event(id)?.colorId == "10", "green once delivered, written with the connected account's token")

            // The attendee's cancel link acts through the connected account.
            let cancelled = try await TrustTests.confirm(try await TrustTests.cancelPage(in: world), in: world)
            #expect(cancelled.status == 200)
            try await world.pass()
            let gone = await world.event(id)
            #expect(gone == nil || gone?.isDeleted == true, "the cancel deleted the event")
            #expect(try await world.outbox().map(\.kind) == [.scheduled, .cancelled])

            // A restart reads the sealed grant back: nothing sent twice, the calendar still watched.
            try await world.restart()
            try await world.pass()
            #expect(world.service.calendarIDs == [ServiceWorld.calendar])
            #expect(await world.twilio.messages().count == 2)

            // Booking: free/busy and the new event through the connected account.
            let booked = try await world.create("Second", inHours: 30)
            try await world.pass()
            let (url, opened) = try await BookingPagesTests.page("Reschedule: ", in: world)
            let page = try await BookingPagesTests.SlotPage.load(url: url, body: opened.body)
            let done = try await BookingPagesTests.post(page, start: page.starts[2], origin: world.baseURL.absoluteString)
            #expect(done.body.contains("Your session has moved"), "\(done.body)")
            try await world.pass()
            #expect(try await world.outbox().filter { $0.eventID == booked }.map(\.kind) == [.scheduled, .rescheduled])
            try Self.expectNoTokenInClear(world)
        }
    }

    /// A second host account beside the service account's calendar: revoking it disconnects only
    /// it (shown in `/healthz`, the dashboard and the Calendars page); the service account's
    /// calendar goes on; connecting again brings it back; Disconnect revokes at Google.
    @Test func aRevokedGrantIsShownAndSurvivedAndConnectingAgainBringsItBack() async throws {
        let coach = "coach@example.com"
        let settings = ["DASHBOARD_PASSWORD": Self.password, "POLL_INTERVAL": "1h", "REMINDERS": "24h"]
        try await ServiceWorld.run(settings, googleSettings: { $0.oauthSettings }, beforeStart: { await $0.addCalendar(coach, timeZone: "Europe/Berlin") }) { world in
            let base = world.baseURL.absoluteString
            try await world.pass()
            let quiet = try await Browser.get(base + "/healthz")
            #expect(!quiet.body.contains("disconnected"), "an account not connected yet is no alarm while another calendar is watched: \(quiet.body)")
            let session = try await DashboardTests.logIn(world)
            let connected = try await Self.connect(.google, in: world, session: session, as: coach)
            #expect(connected.body.contains("Connected as \(coach)"))
            #expect(Set(world.service.calendarIDs) == [ServiceWorld.calendar, coach], "the service account's calendar and the connected one")
            let start = Date().addingTimeInterval(48 * 3_600)
            _ = try await world.google.createEvent(in: coach, summary: "Coach call", start: start, end: start.addingTimeInterval(3_600),
                                                   location: "+49 151 23456789", description: nil)
            try await world.pass()
            #expect(await world.twilio.messages(to: "+4915123456789").count == 1)

            // The host removes the app's access in their Google account; the hour passes.
            await world.google.revokeGrants(of: coach)
            await world.google.expireConnectedAccessTokens()
            try await world.pass()
            let health = try await Browser.get(base + "/healthz")
            #expect(health.status == 200 && health.body.contains("disconnected: a Google calendar"), "\(health.body)")
            #expect(!health.body.contains(coach), "/healthz is public: no account named")
            let dashboard = try await Browser.get(base + "/host", headers: [("Cookie", session)]).body
            #expect(dashboard.contains("Calendar disconnected") && dashboard.contains("connect it again at /host/connect"), "\(dashboard)")
            let page = try await Browser.get(base + "/host/connect", headers: [("Cookie", session)]).body
            #expect(page.contains("revoked or has expired"), "the Calendars page says which account and what to do")

            // The service account's calendar goes on.
            _ = try await world.create("Still here")
            try await world.pass()
            #expect(await world.twilio.messages(to: ServiceWorld.attendee).count == 1)

            // Connecting again replaces the grant; the calendar joins again at once.
            #expect(page.contains("Connect Google Calendar again"))
            let again = try await Self.connect(.google, in: world, session: session, as: coach)
            #expect(again.body.contains("Connected as \(coach)"))
            try await world.google.setLocation(of: try #require(await world.google.events(in: coach).first?.id), in: coach, to: "+49 151 23456780")
            try await world.pass()
            #expect(await world.twilio.messages(to: "+4915123456780").count == 1, "the reconnected calendar is read again")
            let health2 = try await Browser.get(base + "/healthz")
            #expect(!health2.body.contains("disconnected"), "\(health2.body)")

            // Disconnect revokes the grant at Google and stops watching the calendar.
            #expect(await world.google.liveGrants(of: coach) == 1)
            let calendars = try await Browser.get(base + "/host/connect", headers: [("Cookie", session)])
            let done = try await Browser.post(base + "/host/connect/google/disconnect", form: [("csrf", try DashboardTests.csrf(in: calendars.body))],
                                              headers: [("Cookie", session)])
            #expect(done.status == 200 && done.body.contains("disconnected"))
            #expect(await world.google.liveGrants(of: coach) == 0, "revoked at Google")
            #expect(world.service.calendarIDs == [ServiceWorld.calendar])
            #expect(try await ConnectedAccounts(store: world.service.store, keys: world.service.settings.fernetKeys).all().isEmpty, "forgotten here")
            // Its reminder, not sent yet, is not sent: nobody watches that session any more.
            let reminder = try #require(try await world.outbox().first { $0.calendarID == coach && $0.kind == .reminder && $0.phone == "+4915123456780" })
            #expect(reminder.state == .skipped && reminder.error?.contains("disconnected") == true)
            // A sync round that was under way when the host disconnected reports nothing afterwards.
            world.service.calendars.record(calendarID: coach, error: GoogleAPIError.accountRefused(status: 400, error: "invalid_grant", description: nil))
            #expect(world.service.calendars.disconnections.isEmpty)
        }
    }

    /// `gcal-whatsapp connect` in another process while the service runs: a grant stored there
    /// replaces the one in use (a revoked one, or another account's) from the next round, and
    /// another account's grant is given back to Google.
    @Test func aGrantStoredByTheTerminalReplacesTheOneInUse() async throws {
        let (first, second) = ("first@example.com", "second@example.com")
        try await ServiceWorld.run(googleSettings: Self.googleOnly) { world in
            func terminalConnect(as account: String) async throws {
                let (connecting, url) = try await TerminalConnectTests.start(world)
                _ = try await Browser.get(try await EmulatedConsent.answer(url, as: account))
                #expect(try await connecting.value == account)
            }
            try await terminalConnect(as: first)
            try await world.pass()
            #expect(world.service.calendarIDs == [first])

            // Revoked; connected again from the terminal: the service takes the new grant.
            await world.google.revokeGrants(of: first)
            await world.google.expireConnectedAccessTokens()
            try await world.pass()
            #expect(!world.service.calendars.disconnections.isEmpty)
            try await terminalConnect(as: first)
            try await world.pass()
            #expect(world.service.calendars.disconnections.isEmpty, "\(world.service.calendars.disconnections)")
            #expect(world.service.calendarIDs == [first])

            // Another account from the terminal: it replaces the first, whose grant goes back.
            try await terminalConnect(as: second)
            try await world.pass()
            #expect(world.service.calendarIDs == [second])
            #expect(await world.google.liveGrants(of: first) == 0)
        }
    }

    /// A callback the service did not start, or started for someone else, connects nothing.
    @Test func forgedAndReplayedCallbacksConnectNothing() async throws {
        try await ServiceWorld.run(["DASHBOARD_PASSWORD": Self.password], googleSettings: { $0.oauthSettings }) { world in
            let base = world.baseURL.absoluteString
            let session = try await DashboardTests.logIn(world)
            let calendars = try await Browser.get(base + "/host/connect", headers: [("Cookie", session)])
            let csrf = try DashboardTests.csrf(in: calendars.body)

            // Starting needs the session and its CSRF value.
            #expect(try await Browser.post(base + "/host/connect/google", form: [("csrf", csrf)]).status == 403)
            #expect(try await Browser.post(base + "/host/connect/google", form: [("csrf", "x")], headers: [("Cookie", session)]).status == 403)

            let started = try await Browser.post(base + "/host/connect/google", form: [("csrf", csrf)], headers: [("Cookie", session)])
            let flowCookie = String(try #require(started.headers.first(name: "Set-Cookie")?.split(separator: ";").first))
            let back = try await Self.consent(at: try #require(started.location.flatMap(URL.init(string:))), as: "mallory@example.com", allow: true)

            // An attacker's own code, sent to the host's browser without the flow's cookie (login CSRF).
            let noCookie = try await Browser.get(back)
            #expect(noCookie.status == 403 && noCookie.body.contains("did not start here"))
            // The right cookie with another state.
            let otherState = back.replacing(#/state=[^&]+/#, with: "state=AAAA")
            #expect(try await Browser.get(otherState, headers: [("Cookie", flowCookie)]).status == 403)
            // A tampered cookie.
            #expect(try await Browser.get(back, headers: [("Cookie", flowCookie + "x")]).status == 403)
            #expect(try await ConnectedAccounts(store: world.service.store, keys: world.service.settings.fernetKeys).all().isEmpty)

            // A forged or stray callback leaves the flow's cookie alone: the real one still finishes.
            #expect(try await Browser.get(otherState, headers: [("Cookie", flowCookie)]).headers.first(name: "Set-Cookie") == nil)

            // After logging out, the flow begun in that session is void.
            _ = try await Browser.post(base + "/host/logout", form: [("csrf", csrf)], headers: [("Cookie", session)])
            #expect(try await Browser.get(back, headers: [("Cookie", flowCookie)]).status == 403)
            #expect(try await ConnectedAccounts(store: world.service.store, keys: world.service.settings.fernetKeys).all().isEmpty)

            // A code is good once: replayed after a successful connect, Google refuses it.
            let fresh = try await DashboardTests.logIn(world)
            let page = try await Browser.get(base + "/host/connect", headers: [("Cookie", fresh)])
            let again = try await Browser.post(base + "/host/connect/google", form: [("csrf", try DashboardTests.csrf(in: page.body))],
                                               headers: [("Cookie", fresh)])
            let cookie2 = String(try #require(again.headers.first(name: "Set-Cookie")?.split(separator: ";").first))
            let back2 = try await Self.consent(at: try #require(again.location.flatMap(URL.init(string:))), as: ServiceWorld.calendar, allow: true)
            #expect(try await Browser.get(back2, headers: [("Cookie", cookie2)]).status == 200)
            let replay = try await Browser.get(back2, headers: [("Cookie", cookie2)])
            #expect(replay.status == 502 && replay.body.contains("invalid_grant"), "\(replay.body)")
            #expect(try await ConnectedAccounts(store: world.service.store, keys: world.service.settings.fernetKeys).all().map(\.account) == [ServiceWorld.calendar])
        }
    }

    @Test func cancellingOnTheConsentPageConnectsNothing() async throws {
        try await ServiceWorld.run(["DASHBOARD_PASSWORD": Self.password], googleSettings: { $0.oauthSettings }) { world in
            let session = try await DashboardTests.logIn(world)
            let answer = try await Self.connect(.google, in: world, session: session, as: ServiceWorld.calendar, allow: false)
            #expect(answer.status == 200 && answer.body.contains("You chose not to allow access"))
            #expect(try await ConnectedAccounts(store: world.service.store, keys: world.service.settings.fernetKeys).all().isEmpty)
        }
    }
}

/// `gcal-whatsapp connect google` from a terminal while the service runs: the grant lands in
/// the database and the running service watches the calendar from its next round.
@Suite(.serialized)
struct TerminalConnectTests {
    /// `connect google` started as from a terminal: its run, and the sign-in address it shows.
    static func start(_ world: ServiceWorld) async throws -> (run: Task<String, any Error>, url: URL) {
        let shown = AsyncStream.makeStream(of: String.self)
        let connecting = Task {
            try await TerminalConnect.run(.google, settings: world.service.settings, show: { shown.continuation.yield($0) },
                                          logger: Logger(label: "connect"))
        }
        var iterator = shown.stream.makeAsyncIterator()
        return (connecting, try #require(await iterator.next().flatMap(URL.init(string:))))
    }

    @Test func aTerminalConnectIsPickedUpByTheRunningService() async throws {
        try await ServiceWorld.run(googleSettings: ConnectFlowTests.googleOnly) { world in
            try await world.pass()
            #expect(world.service.calendarIDs.isEmpty)
            let (connecting, url) = try await Self.start(world)
            #expect(url.absoluteString.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A"), "a loopback redirect: \(url)")
            // A stray request with another state is ignored, and the wait goes on.
            let back = try await ConnectFlowTests.consent(at: url, as: ServiceWorld.calendar, allow: true)
            let stray = try await Browser.get(back.replacing(#/state=[^&]+/#, with: "state=other"))
            #expect(stray.status == 400)
            let done = try await Browser.get(back)
            #expect(done.status == 200 && done.body.contains("connected as \(ServiceWorld.calendar)"))
            #expect(try await connecting.value == ServiceWorld.calendar)
            try await world.pass()
            #expect(world.service.calendarIDs == [ServiceWorld.calendar], "the running service picked it up")
            _ = try await world.create("Coaching")
            try await world.pass()
            #expect(await world.twilio.messages().count == 1)
            try ConnectFlowTests.expectNoTokenInClear(world)
        }
    }

    @Test func aProviderNotSetUpIsRefusedWithWhatToSet() async throws {
        try await ServiceWorld.run { world in
            await #expect(throws: TerminalConnect.Failure.self) {
                try await TerminalConnect.run(.microsoft, settings: world.service.settings, show: { _ in }, logger: Logger(label: "connect"))
            }
        }
    }
}
