import TestSupport
import Calendly
import Emulators
import Foundation
import Testing

@Suite("Booking through the HTML page")
struct BookingPageTests {
    let name = CalendlyTestbed.attendeeName
    let email = CalendlyTestbed.attendeeEmail
    let phone = CalendlyTestbed.attendeePhone

    func prefilledPage(_ testbed: CalendlyTestbed) -> URL {
        CalendlyPrefill(name: name, email: email, phone: phone, utmContent: Fixtures.fernetToken).url(for: testbed.calendly.schedulingURL)
    }

    @Test("the page offers times and shows the prefill; the form books into Google and 303s to the redirect")
    func bookThroughForm() async throws {
        try await CalendlyTestbed.run { testbed in
            let confirm = try #require(URL(string: "https://book.example.com/confirm?from=calendly"))
            await testbed.calendly.setRedirectURL(confirm)
            let page = try await Browser.get(prefilledPage(testbed))
            #expect(page.status == 200 && page.body.contains("30 Minute Meeting") && !page.body.contains("<script"))
            #expect(page.input("name") == name && page.input("email") == email && page.input("phone") == phone)
            #expect(page.input("utm_content") == Fixtures.fernetToken && page.input("utm_source") == "gcal-whatsapp")
            let offered = page.inputs.filter { $0.name == "start" }.count
            #expect(offered >= 10)

            let fields = page.formFields
            let answer = try await Browser.submit(fields, to: testbed.calendly.schedulingURL)
            #expect(answer.status == 303)
            let location = try #require(answer.location.flatMap(URL.init(string:)))
            #expect(location.absoluteString.hasPrefix("https://book.example.com/confirm?from=calendly&assigned_to=Host%20Name&"))
            let names = (URLComponents(url: location, resolvingAgainstBaseURL: false)?.queryItems ?? []).map(\.name)
            #expect(names == ["from", "assigned_to", "event_type_uuid", "event_type_name", "event_start_time", "event_end_time",
                              "invitee_uuid", "invitee_full_name", "invitee_email", "text_reminder_number", "answer_1",
                              "utm_source", "utm_content"])

            let booking = try #require(await testbed.calendly.bookings().first)
            let redirect = CalendlyRedirect(url: location)
            #expect(redirect.utmContent == Fixtures.fernetToken && redirect.inviteeFullName == name && redirect.inviteeEmail == email)
            #expect(redirect.textReminderNumber == phone && redirect.answers == [phone] && redirect.assignedTo == "Host Name")
            #expect(redirect.eventStartTime == booking.start && redirect.eventEndTime == booking.start.addingTimeInterval(1800))
            #expect(redirect.inviteeUUID == booking.inviteeUUID)
            #expect(location.absoluteString.contains("%2B05:30"))

            let event = try #require(await testbed.google.event(booking.googleEventID, in: CalendlyTestbed.calendarID))
            #expect(event.summary == "30 Minute Meeting between Host Name and Asha Rao")
            #expect(event.location == phone && event.start == .timed(booking.start, timeZone: "Asia/Kolkata"))
            let description = try #require(event.description)
            #expect(description.hasPrefix("Event Name: 30 Minute Meeting") && description.contains("https://calendly.com/cancellations/"))
            #expect(description.contains("Powered by Calendly.com"))
        }
    }

    @Test("without a redirect, Calendly's own confirmation is shown")
    func noRedirect() async throws {
        try await CalendlyTestbed.run { testbed in
            let page = try await Browser.get(prefilledPage(testbed))
            let answer = try await Browser.submit(page.formFields, to: testbed.calendly.schedulingURL)
            #expect(answer.status == 200 && answer.location == nil && answer.body.contains("You are scheduled"))
            #expect(await testbed.calendly.bookings().first?.redirectURL == nil)
        }
    }

    @Test("the phone prefill is read from location or a1, and a name from first_name and last_name")
    func otherPrefills() async throws {
        try await CalendlyTestbed.run { testbed in
            let base = testbed.calendly.schedulingURL.absoluteString
            let page = try await Browser.get(try #require(URL(string: base + "?first_name=Asha&last_name=Rao&a1=%2B447400123456")))
            #expect(page.input("name") == "Asha Rao" && page.input("phone") == "+447400123456" && page.input("utm_content") == nil)
        }
    }

    @Test("a single-use link books once through the form; then it is gone (410)")
    func singleUseThroughForm() async throws {
        try await CalendlyTestbed.run { testbed in
            let link = try await testbed.client.singleUseSchedulingLink(for: testbed.calendly.schedulingURL)
            let prefilled = CalendlyPrefill(name: name, email: email, phone: phone, utmContent: "token").url(for: link)
            let page = try await Browser.get(prefilled)
            #expect(page.status == 200)
            let fields = page.formFields
            #expect(try await Browser.submit(fields, to: link).status == 200)
            let again = try await Browser.submit(fields, to: link)
            #expect(again.status == 410 && again.body.contains("already been used"))
            #expect(await testbed.calendly.bookings().count == 1)
        }
    }

    @Test("missing details and unknown pages are refused without booking")
    func refusals() async throws {
        try await CalendlyTestbed.run { testbed in
            let page = try await Browser.get(testbed.calendly.schedulingURL)
            let noName = page.formFields.map { $0.0 == "name" ? ($0.0, "") : $0 }
            #expect(try await Browser.submit(noName, to: testbed.calendly.schedulingURL).status == 400)
            let unknown = testbed.calendly.schedulingURL.deletingLastPathComponent().appendingPathComponent("nothing")
            #expect(try await Browser.get(unknown).status == 404)
            #expect(await testbed.calendly.bookings().isEmpty)
            #expect(await testbed.google.events(in: CalendlyTestbed.calendarID).isEmpty)
        }
    }
}
