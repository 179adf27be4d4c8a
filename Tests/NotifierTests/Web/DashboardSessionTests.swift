import Foundation
import TestSupport
import Testing
@testable import Notifier
@testable import WebApp

/// The dashboard's login kept on the server, and whose forwarded-for headers count (DESIGN.md §19,
/// issue 24): through real HTTP against the running service.
@Suite(.serialized)
struct DashboardSessionTests {
    @Test func loggingOutEndsTheSessionForGood() async throws {
        try await ServiceWorld.run(DashboardTests.settings) { world in
            let id = try await world.create("Coaching", inHours: 30)
            try await world.pass()
            let base = world.baseURL.absoluteString
            let cookie = try await DashboardTests.logIn(world)
            let page = try await Browser.get(base + "/host", headers: [("Cookie", cookie)])
            let csrf = try DashboardTests.csrf(in: page.body)
            let out = try await Browser.post(base + "/host/logout", form: [("csrf", csrf)], headers: [("Cookie", cookie)])
            #expect(out.status == 303)
            // The same cookie, kept by someone, opens nothing any more.
            #expect(try await Browser.get(base + "/host", headers: [("Cookie", cookie)]).body.contains(#"type="password""#))
            #expect(try await Browser.get(base + "/host/api/sessions", headers: [("Cookie", cookie)]).status == 401)
            let mute = try await Browser.post("\(base)/host/sessions/\(ServiceWorld.calendar)/\(id)/mute", form: [("csrf", csrf)],
                                              headers: [("Cookie", cookie)])
            #expect(mute.status == 403)
            #expect(await world.event(id)?.description?.contains("#mute") != true)
        }
    }

    @Test func forwardedHeadersCountOnlyFromTrustedProxies() async throws {
        try await ServiceWorld.run(DashboardTests.settings.merging(["TRUSTED_PROXIES": "none"]) { $1 }) { world in
            let base = world.baseURL.absoluteString
            var statuses: [Int] = []
            for attempt in 0..<8 {
                // A new address in every header: not believed from a peer that is no trusted proxy.
                let answer = try await Browser.post(base + "/host/login", form: [("password", "nope")],
                                                    headers: [("X-Real-IP", "198.51.100.\(attempt)"), ("X-Forwarded-For", "203.0.113.\(attempt)")])
                statuses.append(answer.status)
            }
            #expect(statuses.suffix(3) == [429, 429, 429], "\(statuses)")
        }
    }

    @Test func junkInForwardedHeadersNamesNoClient() {
        let proxies = TrustedProxies.loopback
        let forged = String(repeating: "A", count: 60_000) + "\nlevel=error msg=forged"
        #expect(proxies.client(peer: "127.0.0.1", realIP: forged, forwardedFor: nil) == "127.0.0.1")
        #expect(proxies.client(peer: "127.0.0.1", realIP: nil, forwardedFor: "198.51.100.9, 127.0.0.1") == "198.51.100.9")
        #expect(proxies.client(peer: "127.0.0.1", realIP: nil, forwardedFor: "junk, 198.51.100.9") == "198.51.100.9")
        #expect(proxies.client(peer: "192.0.2.4", realIP: "198.51.100.9", forwardedFor: nil) == "192.0.2.4", "not a trusted peer")
        #expect(proxies.client(peer: "::ffff:127.0.0.1", realIP: "2001:db8::1", forwardedFor: nil) == "2001:db8::1")
        #expect(TrustedProxies([IPRange("10.0.0.0/8")!]).contains("10.200.3.4"))
        #expect(!TrustedProxies([IPRange("10.0.0.0/8")!]).contains("11.0.0.1"))
        #expect(IPRange("10.0.0.0/33") == nil && IPRange("example.com") == nil)
    }

    @Test func theLoginLimitForgetsTheLeastRecentAddressWhenFull() async {
        let throttle = LoginThrottle()
        let now = Date()
        for index in 0..<(LoginThrottle.capacity + 500) {
            await throttle.recordFailure("10.0.\(index / 256).\(index % 256)", now: now.addingTimeInterval(Double(index) / 1_000))
        }
        #expect(await throttle.size == LoginThrottle.capacity)
    }
}
