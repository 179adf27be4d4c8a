import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// A personal Microsoft account connected at `/host/connect` (`MICROSOFT_CALENDARS=me`, delegated
/// permissions, DESIGN.md §24): no tenant, no admin consent; the whole flow on its calendar.
@Suite(.serialized)
struct MicrosoftConnectTests {
    static let account = "host@contoso.com"

    @Test func aConnectedMicrosoftAccountGetsTheWholeFlowAndARevocationIsShown() async throws {
        let microsoft = try await MicrosoftEmulator.start(mailboxes: [Self.account])
        var settings = await microsoft.connectSettings()
        settings.merge(["GOOGLE_CALENDAR_ID": "", "GOOGLE_SERVICE_ACCOUNT_FILE": "", "GOOGLE_PUSH": "off", "MICROSOFT_PUSH": "on",
                        "POLL_INTERVAL": "1h", "DASHBOARD_PASSWORD": DashboardTests.password]) { $1 }
        try await stopping({ await microsoft.stop() }) { try await run(settings, microsoft) }
    }

    private func run(_ settings: [String: String], _ microsoft: MicrosoftEmulator) async throws {
        try await ServiceWorld.run(settings) { world in
            let session = try await DashboardTests.logIn(world)
            let connected = try await ConnectFlowTests.connect(.microsoft, in: world, session: session, as: Self.account)
            #expect(connected.body.contains("Connected as \(Self.account)"), "\(connected.body)")
            #expect(world.service.calendarIDs == [Self.account], "`me` is the signed-in account's mailbox")
            try ConnectFlowTests.expectNoTokenInClear(world)

            // Push: a subscription on the connected mailbox brings the host's edit without a poll.
            _ = try await eventually("a subscription, validated") { await microsoft.subscriptionIDs.first }
            let start = Date().addingTimeInterval(48 * 3_600).rounded()
            let id = try await microsoft.createEvent(in: Self.account, subject: "Coaching", start: start, end: start.addingTimeInterval(3_600),
                                                     location: "+91 98765 43210", timeZone: "India Standard Time")
            let message = try await eventually("the notification brings the message") { await world.twilio.messages(to: ServiceWorld.attendee).first }
            #expect(message.body.contains("Coaching") && message.body.contains("Cancel: "))
            try await eventually("the category shows the outcome") {
                await microsoft.event(id, in: Self.account)?.categories == ["WhatsApp delivered"] ? true : nil
            }
            #expect(await microsoft.categories(of: Self.account).count == 3, "the categories made with the account's own permission")

            // The attendee cancels through the link: the event is deleted with the account's token.
            let cancelled = try await TrustTests.confirm(try await TrustTests.cancelPage(in: world), in: world)
            #expect(cancelled.status == 200)
            try await world.pass()
            #expect(await microsoft.event(id, in: Self.account) == nil)

            // An administrator revokes the user's sessions: shown, nothing crashes, connect again works.
            await microsoft.revokeGrants(of: Self.account)
            await microsoft.expireConnectedAccessTokens()
            try await world.pass()
            let health = try await Browser.get(world.baseURL.absoluteString + "/healthz")
            #expect(health.body.contains("disconnected: a Microsoft 365 calendar"), "\(health.body)")
            let page = try await Browser.get(world.baseURL.absoluteString + "/host/connect", headers: [("Cookie", session)]).body
            #expect(page.contains("connect it again at /host/connect"), "\(page)")
            let again = try await ConnectFlowTests.connect(.microsoft, in: world, session: session, as: Self.account)
            #expect(again.body.contains("Connected as \(Self.account)"))
            try await world.pass()
            let healthy = try await Browser.get(world.baseURL.absoluteString + "/healthz")
            #expect(!healthy.body.contains("disconnected"), "\(healthy.body)")

            // Microsoft has no per-grant revocation by API: Disconnect forgets the grant here.
            let calendars = try await Browser.get(world.baseURL.absoluteString + "/host/connect", headers: [("Cookie", session)])
            let done = try await Browser.post(world.baseURL.absoluteString + "/host/connect/microsoft/disconnect",
                                              form: [("csrf", try DashboardTests.csrf(in: calendars.body))], headers: [("Cookie", session)])
            #expect(done.body.contains("disconnected"))
            #expect(world.service.calendarIDs.isEmpty)
        }
    }
}
