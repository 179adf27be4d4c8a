public import Foundation

/// What the host sets in Calendly's own interface, and what tests and the sandbox inspect or do
/// without a browser.
extension CalendlyEmulator {
    /// The "redirect to an external site" setting (this service's `/confirm`); nil shows
    /// Calendly's own confirmation page.
    public func setRedirectURL(_ url: URL?) async {
        await account.setRedirectURL(url)
    }

    /// Where `invitee.created` webhooks are posted, signed with `signingKey`; nil posts none.
    public func setWebhook(url: URL?) async {
        await account.setWebhookURL(url)
    }

    /// How later bookings reach this service: redirect, webhook, both in either order, or a held webhook.
    public func setDeliveryOrder(_ order: CalendlyDeliveryOrder) async {
        await account.setDeliveryOrder(order)
    }

    /// Posts the webhooks held by `.holdWebhook`, oldest first, and returns once each is answered.
    public func releaseWebhooks() async {
        for webhook in await account.takeHeldWebhooks() {
            await desk.courier.send(webhook)
        }
    }

    /// Books `start` on a scheduling page or single-use link as an invitee would through the
    /// form, and delivers redirect and webhook per the delivery order (the redirect only as the
    /// booking's `redirectURL`). Throws `CalendlyBookingError` for a bad page or field.
    @discardableResult
    public func book(
        _ page: URL, start: Date, name: String, email: String, phone: String, utmContent: String? = nil,
        tracking: [String: String] = [:]
    ) async throws -> EmulatedBooking {
        let bookable = try await account.page(at: page.path)
        let values = tracking.merging(utmContent.map { ["utm_content": $0] } ?? [:]) { _, given in given }
        let request = try BookingRequest(
            start: start, name: name, email: email, phone: phone, tracking: values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        let outcome = try await desk.book(on: bookable, request)
        if let later = await desk.deliverBeforeAnswer(outcome) { desk.courier.deliver(later) }
        return outcome.booking
    }

    /// Every booking so far, oldest first.
    public func bookings() async -> [EmulatedBooking] {
        await account.bookings
    }

    /// The webhooks posted so far, in the order they were answered.
    public var postedWebhooks: [PostedCalendlyWebhook] {
        desk.courier.posted
    }

    /// Returns once every webhook started so far has been answered (or has failed).
    public func webhooksSettled() async {
        await desk.courier.settled()
    }

    /// `Calendly-Webhook-Signature` for `body` signed at `date` with this account's key, for
    /// tests that post webhooks of their own.
    public func signatureHeader(for body: Data, at date: Date = Date()) -> String {
        CalendlyWire.signatureHeader(body: body, signingKey: signingKey, at: date)
    }

    /// Posts `body` to `url` as Calendly would, with `signature` as the header (none when nil),
    /// and returns the receiver's HTTP status. For forged, stale or replayed webhooks.
    public func postWebhook(_ body: Data, to url: URL, signature: String?) async throws -> Int {
        try await desk.courier.post(body, to: url, signature: signature)
    }

    /// Queues faults for the next API requests, one each, in order.
    public func injectAPIFaults(_ faults: [CalendlyFault]) async {
        await account.appendFaults(faults)
    }

    /// The API requests served so far.
    public var requestCounts: CalendlyRequestCounts {
        get async { await account.counts }
    }
}

extension SchedulingAccount {
    func setRedirectURL(_ url: URL?) {
        redirectURL = url
    }

    func setWebhookURL(_ url: URL?) {
        webhookURL = url
    }

    func setDeliveryOrder(_ order: CalendlyDeliveryOrder) {
        deliveryOrder = order
    }
}
