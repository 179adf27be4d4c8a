import Foundation

/// What an invitee submits on a booking page: a start time, who they are, and the booking
/// link's `utm_*` values, which the page carries along in hidden fields.
struct BookingRequest: Sendable {
    let start: Date
    let name: String
    let email: String
    let phone: String
    let tracking: [(String, String)]

    init(start: Date, name: String, email: String, phone: String, tracking: [(String, String)]) throws(CalendlyBookingError) {
        let trimmed = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard !trimmed(name).isEmpty else { throw .invalidField("name") }
        guard trimmed(email).contains("@") else { throw .invalidField("email") }
        // The event type's location is a phone call to the invitee, so Calendly insists on a number.
        guard trimmed(phone).contains(where: \.isNumber) else { throw .invalidField("phone") }
        self.start = start
        (self.name, self.email, self.phone) = (trimmed(name), trimmed(email), trimmed(phone))
        self.tracking = tracking.filter { InviteeRecord.trackingNames.contains($0.0) && !$0.1.isEmpty }
    }

    /// The fields of the booking form as a browser posts them.
    init(form fields: [(String, String)]) throws(CalendlyBookingError) {
        let field = { (name: String) in fields.last { $0.0 == name }?.1 ?? "" }
        guard let start = CalendlyWire.instant(field("start")) else { throw .invalidField("start") }
        try self.init(start: start, name: field("name"), email: field("email"), phone: field("phone"), tracking: fields)
    }
}

/// Makes bookings the way Calendly does: the event goes into the host's Google calendar, then the
/// browser is redirected and the webhook posted in the order the test chose.
struct BookingDesk: Sendable {
    let account: SchedulingAccount
    let google: GoogleEmulator
    let calendarID: String
    let courier: CalendlyWebhookCourier

    /// A booking made, with the webhook still to post and when to post it.
    struct Outcome: Sendable {
        let booking: EmulatedBooking
        let webhook: PendingCalendlyWebhook?
        let order: CalendlyDeliveryOrder
    }

    /// Books `request` on `page`; a single-use link is spent only if the calendar event is created.
    func book(on page: BookablePage, _ request: BookingRequest) async throws -> Outcome {
        try await account.claim(page)
        let record = InviteeRecord(
            eventType: page.eventType, hostName: account.hostName, hostUUID: account.hostUUID, timeZone: account.timeZone,
            apiRoot: await account.apiRoot, start: request.start, name: request.name, email: request.email,
            phone: request.phone, tracking: request.tracking)
        let eventID: String
        do {
            eventID = try await google.createEvent(
                in: calendarID, summary: record.summary, start: record.start, end: record.end,
                timeZone: account.timeZone.identifier, location: request.phone, description: record.calendarDescription)
        } catch {
            await account.release(page)
            throw error
        }
        let (redirect, webhookURL, order) = await (account.redirectURL, account.webhookURL, account.deliveryOrder)
        let body = record.webhookBody()
        let booking = EmulatedBooking(
            inviteeUUID: record.inviteeUUID, eventUUID: record.eventUUID, eventTypeName: page.eventType.name,
            bookingURL: page.url, googleEventID: eventID, start: record.start, end: record.end, name: record.name,
            email: record.email, phone: record.phone, tracking: Dictionary(record.tracking, uniquingKeysWith: { _, last in last }),
            redirectURL: order == .webhookOnly ? nil : redirect.map(record.redirectURL(to:)), webhookBody: body)
        await account.record(booking)
        let webhook = order == .redirectOnly ? nil : webhookURL.map { PendingCalendlyWebhook(url: $0, inviteeUUID: record.inviteeUUID, body: body) }
        return Outcome(booking: booking, webhook: webhook, order: order)
    }

    /// Does what must happen before the browser gets its answer, and returns the webhook to post
    /// once the answer has been written, if any.
    func deliverBeforeAnswer(_ outcome: Outcome) async -> PendingCalendlyWebhook? {
        guard let webhook = outcome.webhook else { return nil }
        switch outcome.order {
        case .webhookBeforeRedirect: await courier.send(webhook)
        case .webhookOnly: courier.deliver(webhook)
        case .holdWebhook: await account.hold(webhook)
        case .redirectThenWebhook: return webhook
        case .redirectOnly: break
        }
        return nil
    }
}
