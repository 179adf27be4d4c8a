import Foundation
import TestSupport
import Testing

/// `GET /` names the business and nothing else; `GET /confirm` claims a booking only when
/// Calendly's redirect says there was one (issue 16).
@Suite(.serialized)
struct HomePageTests {
    @Test func theHomePageNamesTheBusinessAndShowsNoData() async throws {
        try await ServiceWorld.run(["BUSINESS_NAME": "Asha's Yoga Studio"]) { world in
            _ = try await world.create("Private session")
            try await world.pass()
            let home = try await Browser.get(world.baseURL.absoluteString + "/")
            #expect(home.status == 200)
            #expect(home.body.contains("<h1>Asha&#39;s Yoga Studio</h1>") || home.body.contains("<h1>Asha&#x27;s Yoga Studio</h1>")
                    || home.body.contains("<h1>Asha's Yoga Studio</h1>"), "\(home.body)")
            #expect(!home.body.contains("Private session"))
            #expect(!home.body.contains(ServiceWorld.attendee.suffix(4)))
            #expect(!home.body.contains(#"class="business""#), "the heading names it: the header does not repeat it")
        }
    }

    @Test func withoutABusinessNameTheHomePageIsStillAPage() async throws {
        try await ServiceWorld.run { world in
            let home = try await Browser.get(world.baseURL.absoluteString + "/")
            #expect(home.status == 200)
            #expect(home.body.contains("<h1>Appointments</h1>"))
        }
    }

    @Test func attendeePagesCarryTheBusinessName() async throws {
        try await ServiceWorld.run(["BUSINESS_NAME": "Northside Physio"]) { world in
            let (_, link) = try await CancelLinkTests.scheduled(in: world)
            let page = try await Browser.get(try #require(try await Browser.get(link).headers.first(name: "Location")))
            #expect(page.body.contains(#"<p class="business">Northside Physio</p>"#))
        }
    }

    @Test func confirmWithoutCalendlysDetailsDoesNotClaimABooking() async throws {
        try await ServiceWorld.run { world in
            let bare = try await Browser.get(world.baseURL.absoluteString + "/confirm")
            #expect(bare.status == 200)
            #expect(!bare.body.contains("You are booked"))
            #expect(bare.body.contains("Nothing to confirm here"))
            let redirected = try await Browser.get(world.baseURL.absoluteString
                + "/confirm?invitee_uuid=abc&event_start_time=2026-12-10T10:00:00Z")
            #expect(redirected.body.contains("You are booked"))
        }
    }
}
