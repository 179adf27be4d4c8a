import TestSupport
import Calendly
import Emulators
import Foundation
import Testing

@Suite("Redirect and webhook in each delivery order")
struct WebhookDeliveryTests {
    let phone = CalendlyTestbed.attendeePhone

    /// Books through the HTML form with this service's token and returns the form's answer.
    func bookThroughForm(_ testbed: CalendlyTestbed, token: String = Fixtures.fernetToken) async throws -> Browser.Page {
        let prefill = CalendlyPrefill(name: CalendlyTestbed.attendeeName, email: CalendlyTestbed.attendeeEmail, phone: phone, utmContent: token)
        let page = try await Browser.get(prefill.url(for: testbed.calendly.schedulingURL))
        return try await Browser.submit(page.formFields, to: testbed.calendly.schedulingURL)
    }

    /// Checks a webhook as this service will: signed with the account's key, recent, and carrying the token.
    func expectGenuine(_ webhook: WebhookReceiver.Received, _ testbed: CalendlyTestbed, booking: EmulatedBooking) throws {
        try CalendlyWebhookSignature.verify(header: webhook.signature, body: webhook.body, signingKey: testbed.calendly.signingKey)
        #expect(throws: CalendlySignatureError.mismatch) {
            try CalendlyWebhookSignature.verify(header: webhook.signature, body: webhook.body, signingKey: "another key")
        }
        #expect(webhook.body == booking.webhookBody && webhook.path == "/webhooks/calendly")
        let invitee = try InviteeCreated.decode(webhook.body)
        #expect(invitee.event == "invitee.created" && invitee.utmContent == Fixtures.fernetToken)
        #expect(invitee.payload.textReminderNumber == phone && invitee.payload.scheduledEvent?.startTime == booking.start)
        #expect(invitee.payload.uri?.hasSuffix("/invitees/\(booking.inviteeUUID)") == true && invitee.payload.rescheduled == false)
    }

    func configure(_ testbed: CalendlyTestbed, _ receiver: WebhookReceiver, _ order: CalendlyDeliveryOrder) async {
        await testbed.calendly.setRedirectURL(receiver.url("confirm"))
        await testbed.calendly.setWebhook(url: receiver.url("webhooks/calendly"))
        await testbed.calendly.setDeliveryOrder(order)
    }

    @Test("webhook before redirect: the webhook has been answered when the browser gets its 303")
    func webhookBeforeRedirect() async throws {
        try await CalendlyTestbed.run { testbed in
            try await WebhookReceiver.run { receiver in
                await configure(testbed, receiver, .webhookBeforeRedirect)
                let answer = try await bookThroughForm(testbed)
                #expect(answer.status == 303 && answer.location?.hasPrefix(receiver.url("confirm").absoluteString + "?") == true)
                let webhook = try #require(receiver.webhooks.first)
                try expectGenuine(webhook, testbed, booking: try #require(await testbed.calendly.bookings().first))
                #expect(testbed.calendly.postedWebhooks.map(\.responseStatus) == [200])
            }
        }
    }

    @Test("redirect then webhook: the 303 does not wait for the webhook, which follows")
    func redirectThenWebhook() async throws {
        try await CalendlyTestbed.run { testbed in
            try await WebhookReceiver.run { receiver in
                await configure(testbed, receiver, .redirectThenWebhook)
                receiver.holdWebhooks()
                let answer = try await bookThroughForm(testbed)
                #expect(answer.status == 303)
                try await eventually("the webhook reaches the receiver") { receiver.webhooks.first }
                #expect(testbed.calendly.postedWebhooks.isEmpty)
                receiver.releaseWebhooks()
                await testbed.calendly.webhooksSettled()
                try expectGenuine(try #require(receiver.webhooks.first), testbed, booking: try #require(await testbed.calendly.bookings().first))
                #expect(testbed.calendly.postedWebhooks.map(\.responseStatus) == [200])
            }
        }
    }

    @Test("held webhook: nothing is posted until the test releases it, long after the redirect")
    func heldWebhook() async throws {
        try await CalendlyTestbed.run { testbed in
            try await WebhookReceiver.run { receiver in
                await configure(testbed, receiver, .holdWebhook)
                #expect(try await bookThroughForm(testbed).status == 303)
                await testbed.calendly.webhooksSettled()
                #expect(receiver.webhooks.isEmpty)
                await testbed.calendly.releaseWebhooks()
                try expectGenuine(try #require(receiver.webhooks.first), testbed, booking: try #require(await testbed.calendly.bookings().first))
                await testbed.calendly.releaseWebhooks()
                #expect(receiver.webhooks.count == 1)
            }
        }
    }

    @Test("webhook only: Calendly's own page is shown though a redirect is set, and the webhook is posted")
    func webhookOnly() async throws {
        try await CalendlyTestbed.run { testbed in
            try await WebhookReceiver.run { receiver in
                await configure(testbed, receiver, .webhookOnly)
                let answer = try await bookThroughForm(testbed)
                #expect(answer.status == 200 && answer.body.contains("You are scheduled"))
                await testbed.calendly.webhooksSettled()
                let booking = try #require(await testbed.calendly.bookings().first)
                #expect(booking.redirectURL == nil)
                try expectGenuine(try #require(receiver.webhooks.first), testbed, booking: booking)
            }
        }
    }

    @Test("redirect only: no webhook is posted though one is set")
    func redirectOnly() async throws {
        try await CalendlyTestbed.run { testbed in
            try await WebhookReceiver.run { receiver in
                await configure(testbed, receiver, .redirectOnly)
                let answer = try await bookThroughForm(testbed)
                #expect(answer.status == 303)
                await testbed.calendly.webhooksSettled()
                await testbed.calendly.releaseWebhooks()
                #expect(receiver.webhooks.isEmpty && testbed.calendly.postedWebhooks.isEmpty)
            }
        }
    }

    @Test("a programmatic booking posts the same webhook; a body posted by hand keeps or loses its signature")
    func programmaticAndForged() async throws {
        try await CalendlyTestbed.run { testbed in
            try await WebhookReceiver.run { receiver in
                await configure(testbed, receiver, .webhookBeforeRedirect)
                let booking = try await testbed.calendly.book(
                    testbed.calendly.schedulingURL, start: Fixtures.nextSlot(), name: CalendlyTestbed.attendeeName,
                    email: CalendlyTestbed.attendeeEmail, phone: phone, utmContent: Fixtures.fernetToken)
                #expect(booking.redirectURL.map { CalendlyRedirect(url: $0).utmContent } == Fixtures.fernetToken)
                try expectGenuine(try #require(receiver.webhooks.first), testbed, booking: booking)

                let url = receiver.url("webhooks/calendly")
                let forged = CalendlyWebhookSignature.sign(body: booking.webhookBody, signingKey: "guessed", timestamp: Date())
                #expect(try await testbed.calendly.postWebhook(booking.webhookBody, to: url, signature: forged) == 200)
                let stale = testbed.calendly.signatureHeader(for: booking.webhookBody, at: Date().addingTimeInterval(-240))
                #expect(try await testbed.calendly.postWebhook(booking.webhookBody, to: url, signature: stale) == 200)
                let received = receiver.webhooks
                #expect(received.count == 3)
                #expect(throws: CalendlySignatureError.mismatch) {
                    try CalendlyWebhookSignature.verify(header: received[1].signature, body: received[1].body, signingKey: testbed.calendly.signingKey)
                }
                #expect(throws: CalendlySignatureError.stale) {
                    try CalendlyWebhookSignature.verify(header: received[2].signature, body: received[2].body, signingKey: testbed.calendly.signingKey)
                }
            }
        }
    }
}
