import CalDAV
import ClientSupport
import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// A CalDAV account that stops working (DESIGN.md §23): the server down at start, the app password
/// refused, the calendar removed. The calendar is "disconnected" in `/healthz` and the dashboard;
/// the host's Google calendar goes on; the account joins by itself once it answers.
@Suite(.serialized)
struct CalDAVDisconnectedTests {
    static func calDAV(_ url: URL, password: String = CalDAVServer.password) -> [String: String] {
        ["CALDAV_URL": url.absoluteString, "CALDAV_USERNAME": CalDAVServer.user, "CALDAV_PASSWORD": password,
         "DASHBOARD_PASSWORD": DashboardTests.password]
    }

    static func health(_ world: ServiceWorld) async throws -> Browser.Page {
        try await Browser.get(world.baseURL.absoluteString + "/healthz")
    }

    /// The dashboard, where the details are (`/healthz` is public and names only the kind).
    static func dashboard(_ world: ServiceWorld) async throws -> String {
        let cookie = try await DashboardTests.logIn(world)
        return try await Browser.get(world.baseURL.absoluteString + "/host", headers: [("Cookie", cookie)]).body
    }

    @Test func aServerDownAtStartIsDisconnectedUntilItAnswersAndGoogleGoesOn() async throws {
        guard CalDAVServer.Kind.radicale.isInstalled else { return print("skipped: radicale is not installed (pip install radicale)") }
        let port = try CalDAVServer.freePort()
        let root = URL(string: "http://127.0.0.1:\(port)/")!
        try await ServiceWorld.run(Self.calDAV(root)) { world in
            try await world.create("Yoga", location: "+919812345670")
            try await world.pass()
            #expect(await world.twilio.messages(to: "+919812345670").count == 1, "the Google calendar goes on")
            let down = try await Self.health(world)
            #expect(down.status == 200 && down.body.hasPrefix("ok\n"), "\(down.body)")
            #expect(down.body.contains("disconnected: a CalDAV calendar (the host dashboard"), "\(down.body)")
            #expect(!down.body.contains("127.0.0.1:\(port)") && !down.body.contains(CalDAVServer.user + " at"), "no account details in public")
            let details = try await Self.dashboard(world)
            #expect(details.contains("CalDAV account host at http://127.0.0.1:\(port): could not reach") && !details.contains(CalDAVServer.password))

            // The server comes up: the next round connects it, and its sessions are announced.
            let server = try await CalDAVServer(.radicale, port: port)
            let calendar = try await server.makeCalendar("Coaching")
            let client = CalDAVClient(username: CalDAVServer.user, password: Secret(CalDAVServer.password), httpClient: .shared)
            try await client.put(CalDAVFlowTests.session(start: Date().addingTimeInterval(48 * 3_600).rounded()),
                                 at: calendar.appendingPathComponent("late.ics"), creating: true)
            try await world.pass()
            #expect(await world.twilio.messages(to: ServiceWorld.attendee).count == 1)
            let up = try await eventually("healthz without the disconnection") {
                let page = try await Self.health(world)
                return page.body.contains("disconnected") ? nil : page
            }
            #expect(up.status == 200 && up.body == "ok\n")
        }
    }

    @Test func aRefusedPasswordAndARemovedCalendarAreShownWithWhatToDo() async throws {
        guard CalDAVServer.Kind.radicale.isInstalled else { return print("skipped: radicale is not installed (pip install radicale)") }
        let server = try await CalDAVServer(.radicale)
        _ = try await server.makeCalendar("Coaching")
        try await ServiceWorld.run(Self.calDAV(server.root, password: "old-app-password")) { world in
            try await world.create("Yoga", location: "+919812345670")
            try await world.pass()
            #expect(await world.twilio.messages(to: "+919812345670").count == 1, "the Google calendar goes on")
            let health = try await Self.health(world)
            #expect(health.status == 200 && health.body.contains("disconnected: a CalDAV calendar"), "\(health.body)")
            let page = try await Self.dashboard(world)
            #expect(page.contains("Calendar disconnected") && page.contains("CalDAV account host at") && page.contains("app password"))
            #expect(!page.contains("old-app-password"))
        }
    }

    @Test func aCalendarRemovedWhileWatchedIsDisconnected() async throws {
        guard CalDAVServer.Kind.radicale.isInstalled else { return print("skipped: radicale is not installed (pip install radicale)") }
        let server = try await CalDAVServer(.radicale)
        let calendar = try await server.makeCalendar("Coaching")
        try await ServiceWorld.run(Self.calDAV(server.root)) { world in
            try await world.pass()
            #expect(try await Self.health(world).body == "ok\n")
            let client = CalDAVClient(username: CalDAVServer.user, password: Secret(CalDAVServer.password), httpClient: .shared)
            try await client.delete(at: calendar)
            try await world.pass()
            let health = try await Self.health(world)
            #expect(health.status == 200 && health.body.contains("disconnected: a CalDAV calendar"), "\(health.body)")
            let page = try await Self.dashboard(world)
            #expect(page.contains("calendar \(calendar.absoluteString)") && page.contains("CALDAV_CALENDARS"))
        }
    }
}
