import Foundation
import TestSupport
import Testing
@testable import Notifier

/// The host dashboard (DESIGN.md §19) through real HTTP against the running service.
@Suite(.serialized)
struct DashboardTests {
    static let password = "correct horse battery"
    static let settings = ["DASHBOARD_PASSWORD": password, "BUSINESS_NAME": "Northside Physio"]

    /// Logs in and returns the cookie to send back (`name=value`).
    static func logIn(_ world: ServiceWorld, from client: String = "203.0.113.7") async throws -> String {
        let answer = try await Browser.post(world.baseURL.absoluteString + "/host/login", form: [("password", password)],
                                            headers: [("X-Real-IP", client)])
        #expect(answer.status == 303)
        let header = try #require(answer.headers.first(name: "Set-Cookie"))
        return String(try #require(header.split(separator: ";").first))
    }

    static func csrf(in page: String) throws -> String {
        try #require(page.firstMatch(of: #/name="csrf" value="([^"]+)"/#).map { String($0.1) })
    }

    @Test func theDashboardIsOffWithoutAPassword() async throws {
        try await ServiceWorld.run { world in
            let page = try await Browser.get(world.baseURL.absoluteString + "/host")
            #expect(page.status == 404)
        }
    }

    @Test func loginIsRefusedRateLimitedAndAcceptedWithTheRightCookieFlags() async throws {
        try await ServiceWorld.run(Self.settings) { world in
            let base = world.baseURL.absoluteString
            let form = try await Browser.get(base + "/host")
            #expect(form.status == 200 && form.body.contains(#"type="password""#))
            let wrong = try await Browser.post(base + "/host/login", form: [("password", "nope")], headers: [("X-Real-IP", "198.51.100.1")])
            #expect(wrong.status == 401 && wrong.headers.first(name: "Set-Cookie") == nil)
            for _ in 0..<4 {
                _ = try await Browser.post(base + "/host/login", form: [("password", "nope")], headers: [("X-Real-IP", "198.51.100.1")])
            }
            let blocked = try await Browser.post(base + "/host/login", form: [("password", Self.password)],
                                                 headers: [("X-Real-IP", "198.51.100.1")])
            #expect(blocked.status == 429, "after 5 wrong passwords in a minute, even the right one is refused")
            #expect(blocked.headers.first(name: "Set-Cookie") == nil)

            let accepted = try await Browser.post(base + "/host/login", form: [("password", Self.password)],
                                                  headers: [("X-Real-IP", "198.51.100.2")])
            #expect(accepted.status == 303 && accepted.location == "/host")
            let cookie = try #require(accepted.headers.first(name: "Set-Cookie"))
            #expect(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Strict") && cookie.contains("; Max-Age=43200"))
            #expect(!cookie.contains("Secure"), "http here; on an https PUBLIC_BASE_URL the cookie is Secure")
            let page = try await Browser.get(base + "/host", headers: [("Cookie", String(cookie.split(separator: ";")[0]))])
            #expect(page.body.contains("Northside Physio: sessions"))

            let forged = "gw_host=9999999999.abc.AAAA"
            #expect(try await Browser.get(base + "/host", headers: [("Cookie", forged)]).body.contains(#"type="password""#))
        }
    }

    @Test func postsNeedTheSessionAndItsCSRFValue() async throws {
        try await ServiceWorld.run(Self.settings) { world in
            let id = try await world.create("Coaching", inHours: 30)
            try await world.pass()
            let base = world.baseURL.absoluteString
            let action = "\(base)/host/sessions/\(ServiceWorld.calendar)/\(id)/mute"
            #expect(try await Browser.post(action, form: [("csrf", "x")]).status == 403, "no session")
            let cookie = try await Self.logIn(world)
            #expect(try await Browser.post(action, form: [("csrf", "forged")], headers: [("Cookie", cookie)]).status == 403)
            #expect(try await Browser.post(action, form: [], headers: [("Cookie", cookie)]).status == 403)
            #expect(await world.event(id)?.description?.contains("#mute") != true, "nothing changed")
            #expect(try await Browser.get(base + "/host/api/sessions").status == 401)

            let page = try await Browser.get(base + "/host", headers: [("Cookie", cookie)])
            let muted = try await Browser.post(action, form: [("csrf", try Self.csrf(in: page.body))], headers: [("Cookie", cookie)])
            #expect(muted.status == 303)
            #expect(await world.event(id)?.description?.hasPrefix("#mute") == true)
        }
    }

    @Test func everyStateAndReasonIsShownAndAResendMakesOneNewMessage() async throws {
        try await ServiceWorld.run(Self.settings) { world in
            let (delivered, read, refused, optedOut) = ("+919800000001", "+919800000002", "+919800000003", "+919800000004")
            await world.twilio.setOutcome(for: read, .read)
            await world.twilio.rejectNumber(refused)
            _ = try await ConversationTests.say("STOP", in: world, from: optedOut)
            let confirmedID = try await world.create("Delivered and confirmed", inHours: 30, location: delivered)
            _ = try await world.create("Read", inHours: 31, location: read)
            let failedID = try await world.create("Refused", inHours: 32, location: refused)
            _ = try await world.create("Opted out", inHours: 33, location: optedOut)
            try await world.pass()
            try await world.settle()
            _ = try await ConversationTests.say("1", in: world, from: delivered)
            try await world.pass()
            try await eventually("the calendar shows the confirmation") { await world.event(confirmedID)?.colorId == "7" ? true : nil }
            // The dashboard shows the colour as the calendar has it, which the next sync reads.
            try await world.pass()

            let cookie = try await Self.logIn(world)
            let page = try await Browser.get(world.baseURL.absoluteString + "/host", headers: [("Cookie", cookie)]).body
            #expect(page.contains(#"<span class="state-delivered">delivered</span>"#))
            #expect(page.contains(#"<span class="state-read">read</span>"#))
            #expect(page.contains(#"<span class="state-failed">failed</span>: "#) && page.contains("Twilio error 21211"))
            #expect(!page.contains("Number: +919800000003"), "Twilio's text is masked: \(page)")
            #expect(page.contains(#"<span class="state-skipped">skipped</span>: "#) && page.contains("opted out"))
            #expect(page.contains("reply: confirmed"))
            #expect(page.contains("+91******0001"))
            #expect(page.contains("colour: blue") && page.contains("colour: red"))

            let api = try await Browser.get(world.baseURL.absoluteString + "/host/api/sessions", headers: [("Cookie", cookie)])
            #expect(api.headers.first(name: "Content-Type") == "application/json")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(api.body.utf8)) as? [String: Any])
            let summary = try #require(json["summary"] as? [String: Any])
            // Failed as the calendar shows it: the refused number and the opted-out one are both red.
            #expect(summary["failed"] as? Int == 2 && summary["optedOutNumbers"] as? Int == 1)
            let sessions = try #require(json["sessions"] as? [[String: Any]])
            #expect(sessions.count == 4)
            let confirmed = try #require(sessions.first { $0["event"] as? String == confirmedID })
            #expect(confirmed["confirmed"] as? Bool == true && confirmed["colour"] as? String == "blue")
            let attendee = try #require((confirmed["attendees"] as? [[String: Any]])?.first)
            #expect(Set(attendee.keys) == ["masked", "phone", "messages", "reminders", "replies", "optedOut", "language"])

            // Send the refused one again, once the number works: one new message, nothing else.
            await world.twilio.acceptNumber(refused)
            let before = try await world.outbox().count
            let resend = "\(world.baseURL.absoluteString)/host/sessions/\(ServiceWorld.calendar)/\(failedID)/resend"
            let answer = try await Browser.post(resend, form: [("csrf", try Self.csrf(in: page))], headers: [("Cookie", cookie)])
            #expect(answer.status == 303)
            try await world.pass()
            #expect(try await world.outbox().count == before + 1)
            #expect(await world.twilio.messages(to: refused).count == 1)
            #expect(await world.twilio.messages(to: refused).first?.body.hasPrefix("Your session \"Refused\" is scheduled for ") == true)
        }
    }
}
