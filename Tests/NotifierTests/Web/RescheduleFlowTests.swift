import CalendarModel
import Calendly
import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// Workflows 5 and 6: the attendee reschedules through Calendly, or books directly.
@Suite(.serialized)
struct RescheduleFlowTests {
    /// The attendee's path from the WhatsApp message to Calendly: the short link, our page (a GET
    /// changes nothing: link previews open it), then its button's POST and our redirect.
    static func openReschedule(in world: ServiceWorld) async throws -> (oldEvent: String, calendlyPage: URL) {
        let id = try await world.create("Coaching", inHours: 48)
        try await world.pass()
        let body = try #require(await world.twilio.messages().last?.body)
        let link = String(try #require(body.split(separator: "\n").first { $0.hasPrefix("Reschedule: ") }).dropFirst("Reschedule: ".count))
        let ours = try #require(try await Browser.get(link).headers.first(name: "Location"))
        #expect(ours.hasPrefix(world.baseURL.absoluteString + "/reschedule/"))
        let opened = try await Browser.get(ours)
        #expect(opened.status == 200 && opened.body.contains("Choose a new time"))
        #expect(try await world.service.store.openReschedules(at: Date()).isEmpty, "a GET notes nothing (DESIGN.md §12)")
        let confirm = try CancelLinkTests.confirmValue(in: opened.body)
        let toCalendly = try await Browser.post(ours, form: [("confirm", confirm)], headers: [("Origin", world.baseURL.absoluteString)])
        #expect(toCalendly.status == 303)
        let page = try #require(toCalendly.headers.first(name: "Location").flatMap(URL.init(string:)))
        #expect(page.host == world.calendly.schedulingURL.host && page.port == world.calendly.schedulingURL.port, "on Calendly")
        let query = URLComponents(url: page, resolvingAgainstBaseURL: false)?.queryItems ?? []
        #expect(query.contains { $0.name == "utm_content" && ours.hasSuffix($0.value ?? "-") })
        #expect(query.contains { $0.value == ServiceWorld.attendee }, "the number is prefilled")
        return (id, page)
    }

    @Test func aForgedConfirmationForALinkNeverUsedHereNotesNothing() async throws {
        try await ServiceWorld.run { world in
            try await world.create("Coaching", inHours: 48)
            try await world.pass()
            let body = try #require(await world.twilio.messages().last?.body)
            let link = String(try #require(body.split(separator: "\n").first { $0.hasPrefix("Reschedule: ") }).dropFirst("Reschedule: ".count))
            let ours = try #require(try await Browser.get(link).headers.first(name: "Location"))
            let token = try #require(ours.split(separator: "/").last)
            let forged = world.baseURL.absoluteString + "/confirm?utm_content=\(token)&invitee_uuid=x"
            _ = try await HeadRequestTests.head(forged)
            _ = try await Browser.get(forged)
            #expect(try await world.service.store.openReschedules(at: Date()).isEmpty,
                    "Calendly's redirect cannot be verified: it completes only a reschedule started here")
        }
    }

    /// Books 72 hours out on the page, as the attendee does on Calendly.
    static func book(_ page: URL, in world: ServiceWorld) async throws -> EmulatedBooking {
        let query = URLComponents(url: page, resolvingAgainstBaseURL: false)?.queryItems ?? []
        let token = query.first { $0.name == "utm_content" }?.value
        return try await world.calendly.book(page, start: Self.newStart, name: "Asha Rao", email: "asha@example.com",
                                             phone: ServiceWorld.attendee, utmContent: token)
    }

    static let newStart: Date = {
        let day = Calendar(identifier: .gregorian).startOfDay(for: Date().addingTimeInterval(4 * 86_400))
        return day.addingTimeInterval(12 * 3_600)
    }()

    /// Exactly one scheduled and one rescheduled message, no cancellation, the old event gone.
    static func expectMovedOnce(_ world: ServiceWorld, old: String, booking: EmulatedBooking) async throws {
        let kinds = try await world.outbox().map(\.kind)
        #expect(kinds == [.scheduled, .rescheduled])
        let bodies = await world.twilio.messages().map(\.body)
        #expect(bodies.count == 2)
        #expect(bodies.last?.hasPrefix("Your session \"Coaching\" has moved to") == true, "the host's title, not Calendly's")
        #expect(await world.event(booking.googleEventID)?.summary == "Coaching", "the new event gets the host's title back")
        #expect(!bodies.contains { $0.contains("has been cancelled") })
        #expect(await world.event(old)?.isDeleted == true)
        let moved = try #require(try await world.outbox().last)
        #expect(moved.eventID == booking.googleEventID)
        #expect(moved.previousStartAt != nil)
    }

    @Test func redirectFirst() async throws {
        try await ServiceWorld.run { world in
            await world.calendly.setDeliveryOrder(.holdWebhook)
            let (old, page) = try await Self.openReschedule(in: world)
            let booking = try await Self.book(page, in: world)
            let confirm = try await Browser.get(try #require(booking.redirectURL).absoluteString)
            #expect(confirm.status == 200)
            #expect(confirm.body.contains("Your session has moved"))
            try await world.pass()
            await world.calendly.releaseWebhooks()
            await world.calendly.webhooksSettled()
            try await world.pass()
            try await world.pass()
            try await Self.expectMovedOnce(world, old: old, booking: booking)
        }
    }

    @Test func webhookFirst() async throws {
        try await ServiceWorld.run { world in
            await world.calendly.setDeliveryOrder(.webhookBeforeRedirect)
            let (old, page) = try await Self.openReschedule(in: world)
            let booking = try await Self.book(page, in: world)
            await world.calendly.webhooksSettled()
            #expect(world.calendly.postedWebhooks.map(\.responseStatus) == [200])
            try await world.pass()
            _ = try await Browser.get(try #require(booking.redirectURL).absoluteString)
            try await world.pass()
            try await Self.expectMovedOnce(world, old: old, booking: booking)
        }
    }

    @Test func syncFirstHoldsTheNewEventUntilCalendlyConfirms() async throws {
        try await ServiceWorld.run { world in
            await world.calendly.setDeliveryOrder(.holdWebhook)
            let (old, page) = try await Self.openReschedule(in: world)
            let booking = try await Self.book(page, in: world)
            try await world.pass()
            #expect(try await world.outbox().count == 1, "the new Calendly event waits for the confirmation")
            await world.calendly.releaseWebhooks()
            await world.calendly.webhooksSettled()
            try await world.pass()
            try await world.pass()
            _ = try await Browser.get(try #require(booking.redirectURL).absoluteString)
            try await world.pass()
            try await Self.expectMovedOnce(world, old: old, booking: booking)
        }
    }

    @Test func aDirectCalendlyBookingIsAnnouncedAsScheduled() async throws {
        try await ServiceWorld.run { world in
            let booking = try await world.calendly.book(world.calendly.schedulingURL, start: Self.newStart, name: "Ravi",
                                                        email: "ravi@example.com", phone: "+919812345678")
            await world.calendly.webhooksSettled()
            let page = try await Browser.get(try #require(booking.redirectURL).absoluteString)
            #expect(page.body.contains("You are booked"))
            try await world.pass()
            #expect(try await world.outbox().map(\.kind) == [.scheduled])
            #expect(await world.twilio.messages(to: "+919812345678").count == 1)
        }
    }

    @Test func forgedCalendlyWebhooksAreRefused() async throws {
        try await ServiceWorld.run { world in
            await world.calendly.setDeliveryOrder(.holdWebhook)
            let (old, page) = try await Self.openReschedule(in: world)
            let booking = try await Self.book(page, in: world)
            let url = world.baseURL.appendingPathComponent("webhooks/calendly")
            #expect(try await world.calendly.postWebhook(booking.webhookBody, to: url, signature: nil) == 403)
            #expect(try await world.calendly.postWebhook(booking.webhookBody, to: url, signature: "t=1,v1=00") == 403)
            let stale = world.calendly.signatureHeader(for: booking.webhookBody, at: Date().addingTimeInterval(-600))
            #expect(try await world.calendly.postWebhook(booking.webhookBody, to: url, signature: stale) == 403)
            let garbage = Data("not json".utf8)
            #expect(try await world.calendly.postWebhook(garbage, to: url, signature: world.calendly.signatureHeader(for: garbage)) == 400)
            try await world.pass()
            #expect(await world.event(old)?.isDeleted == false, "nothing changed")
        }
    }

    @Test func withCalendlysAPITheAttendeeGetsASingleUseLink() async throws {
        let calendlyAPI: (CalendlyEmulator) -> [String: String] = { calendly in
            ["CALENDLY_API_TOKEN": calendly.apiToken, "CALENDLY_API_URL": calendly.baseURL.absoluteString]
        }
        try await ServiceWorld.run(lateSettings: calendlyAPI) { world in
            let (_, page) = try await Self.openReschedule(in: world)
            #expect(page.path != world.calendly.schedulingURL.path, "a single-use link, not the public page")
            let booking = try await Self.book(page, in: world)
            #expect(booking.bookingURL.path == page.path)
            await #expect(throws: CalendlyBookingError.self) { try await Self.book(page, in: world) }
        }
    }
}
