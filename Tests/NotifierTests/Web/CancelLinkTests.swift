import Emulators
import Fernet
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// Workflow 4: the attendee taps the cancel link, confirms, and gets the cancelled message.
@Suite(.serialized)
struct CancelLinkTests {
    /// Sends the scheduled message for a new event and returns the event id and its cancel link.
    static func scheduled(in world: ServiceWorld, summary: String = "Coaching") async throws -> (id: String, link: String) {
        let id = try await world.create(summary)
        try await world.pass()
        let body = try #require(await world.twilio.messages().last?.body)
        let line = try #require(body.split(separator: "\n").first { $0.hasPrefix("Cancel: ") })
        return (id, String(line.dropFirst("Cancel: ".count)))
    }

    static func confirmValue(in page: String) throws -> String {
        try #require(page.firstMatch(of: #/name="confirm" value="([^"]+)"/#).map { String($0.1) })
    }

    @Test func theShortLinkLeadsToAConfirmationThatChangesNothingEvenForCrawlers() async throws {
        try await ServiceWorld.run { world in
            let (id, link) = try await Self.scheduled(in: world)
            let redirect = try await Browser.get(link)
            #expect(redirect.status == 303)
            let location = try #require(redirect.headers.first(name: "Location"))
            #expect(location.hasPrefix(world.baseURL.absoluteString + "/cancel/"))
            for agent in ["WhatsApp/2.23.20.0 A", "facebookexternalhit/1.1", "Mozilla/5.0 (iPhone)"] {
                let page = try await Browser.get(location, headers: [("User-Agent", agent)])
                #expect(page.status == 200)
                #expect(page.body.contains("Cancel your session \"Coaching\" on "))
                #expect(page.headers.first(name: "Cache-Control") == "no-store")
                // Under `no-referrer` browsers post the form with `Origin: null`, which is refused.
                #expect(page.headers.first(name: "Referrer-Policy") == "same-origin")
                #expect(!page.body.contains("og:"), "no Open Graph data for previews")
            }
            try await world.pass()
            #expect(await world.event(id)?.isDeleted == false)
            #expect(await world.twilio.messages().count == 1)
        }
    }

    @Test func confirmingDeletesTheEventAndTheCancelledMessageFollowsOnce() async throws {
        try await ServiceWorld.run { world in
            let (id, link) = try await Self.scheduled(in: world)
            let location = try #require(try await Browser.get(link).headers.first(name: "Location"))
            let confirm = try Self.confirmValue(in: try await Browser.get(location).body)
            let origin = [("Origin", world.baseURL.absoluteString)]
            let done = try await Browser.post(location, form: [("confirm", confirm)], headers: origin)
            #expect(done.status == 200)
            #expect(done.body.contains("Your session is cancelled"))
            #expect(await world.event(id)?.isDeleted == true)
            let again = try await Browser.post(location, form: [("confirm", confirm)], headers: origin)
            #expect(again.status == 200, "idempotent: a second press says the same")
            #expect(again.body.contains("Your session is cancelled"))

            try await world.pass()
            try await world.pass()
            let bodies = await world.twilio.messages().map(\.body)
            #expect(bodies.count == 2)
            #expect(bodies.last?.hasPrefix("Your session \"Coaching\" on ") == true)
            #expect(bodies.last?.contains("has been cancelled.") == true)
        }
    }

    @Test func postsWithoutTheConfirmationOrFromAnotherSiteCancelNothing() async throws {
        try await ServiceWorld.run { world in
            let (id, link) = try await Self.scheduled(in: world)
            let location = try #require(try await Browser.get(link).headers.first(name: "Location"))
            let confirm = try Self.confirmValue(in: try await Browser.get(location).body)
            #expect(try await Browser.post(location, form: []).status == 403)
            #expect(try await Browser.post(location, form: [("confirm", "forged")]).status == 403)
            let crossSite = try await Browser.post(location, form: [("confirm", confirm)],
                                                   headers: [("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site")])
            #expect(crossSite.status == 403)
            #expect(await world.event(id)?.isDeleted == false)
        }
    }

    @Test func aNullOriginOrAForeignRefererIsRefusedAndAnOldBrowserIsLetThrough() async throws {
        try await ServiceWorld.run { world in
            let (id, link) = try await Self.scheduled(in: world)
            let location = try #require(try await Browser.get(link).headers.first(name: "Location"))
            let confirm = try Self.confirmValue(in: try await Browser.get(location).body)
            let form = [("confirm", confirm)]
            #expect(try await Browser.post(location, form: form, headers: [("Origin", "null")]).status == 403)
            #expect(try await Browser.post(location, form: form,
                                           headers: [("Referer", "https://evil.example/page")]).status == 403)
            #expect(await world.event(id)?.isDeleted == false)
            // Neither Origin nor Sec-Fetch-Site, a Referer from this service: the confirmation value decides.
            let fromHere = try await Browser.post(location, form: form, headers: [("Referer", location)])
            #expect(fromHere.status == 200)
            #expect(await world.event(id)?.isDeleted == true)
        }
    }

    @Test func aTokenWhosePaddingArrivesPercentEncodedStillWorks() async throws {
        try await ServiceWorld.run { world in
            let (id, link) = try await Self.scheduled(in: world)
            let location = try #require(try await Browser.get(link).headers.first(name: "Location"))
            #expect(location.hasSuffix("="), "tokens carry their padding")
            let encoded = location.replacingOccurrences(of: "=", with: "%3D")
            let page = try await Browser.get(encoded)
            #expect(page.status == 200)
            let confirm = try Self.confirmValue(in: page.body)
            let done = try await Browser.post(encoded, form: [("confirm", confirm)], headers: [("Origin", world.baseURL.absoluteString)])
            #expect(done.body.contains("Your session is cancelled"))
            #expect(await world.event(id)?.isDeleted == true)
        }
    }

    @Test func tamperedForeignAndUnknownLinksGetFriendlyPagesAndChangeNothing() async throws {
        try await ServiceWorld.run { world in
            let (id, link) = try await Self.scheduled(in: world)
            let location = try #require(try await Browser.get(link).headers.first(name: "Location"))
            var token = Array(location.split(separator: "/").last!)
            token[40] = token[40] == "A" ? "B" : "A"
            let tampered = try await Browser.get(world.baseURL.absoluteString + "/cancel/" + String(token))
            #expect(tampered.status == 400)
            #expect(tampered.body.contains("This link is not valid"))
            let foreign = LinkTokenCodec(keys: [FernetKey.generate()])
                .mint(LinkToken(action: .cancel, calendarID: ServiceWorld.calendar, eventID: id, sequence: 0))
            let foreignPost = try await Browser.post(world.baseURL.absoluteString + "/cancel/" + foreign, form: [("confirm", "x")])
            #expect(foreignPost.status == 403)
            #expect(try await Browser.get(world.baseURL.absoluteString + "/cancel/" + foreign).status == 400)
            let otherCalendar = world.service.links
                .mint(LinkToken(action: .cancel, calendarID: "someone@example.com", eventID: id, sequence: 0))
            #expect(try await Browser.get(world.baseURL.absoluteString + "/cancel/" + otherCalendar).status == 400)
            let unknown = try await Browser.get(world.baseURL.absoluteString + "/r/ZZZZZZZZZZZZ")
            #expect(unknown.status == 404)
            #expect(unknown.body.contains("This link does not work"))
            #expect(try await Browser.get(world.baseURL.absoluteString + "/r/..%2F..%2Fetc").status == 404)
            #expect(await world.event(id)?.isDeleted == false)
        }
    }

    @Test func aSessionThatHasStartedCannotBeCancelled() async throws {
        try await ServiceWorld.run { world in
            let (id, link) = try await Self.scheduled(in: world)
            let location = try #require(try await Browser.get(link).headers.first(name: "Location"))
            let past = Date().addingTimeInterval(-600)
            try await world.google.moveEvent(id, in: ServiceWorld.calendar, start: past, end: past.addingTimeInterval(3_600))
            try await world.pass()
            let page = try await Browser.get(location)
            #expect(page.status == 410)
            #expect(page.body.contains("already started"))
        }
    }
}
