import Foundation

/// One of the host's event types: a kind of meeting with its own booking page.
struct EmulatedEventType: Sendable, Equatable {
    let uuid: String
    let name: String
    let slug: String
    let minutes: Int
}

/// A page a booking can be made on: an event type's own page, or a single-use link to one.
struct BookablePage: Sendable, Equatable {
    let eventType: EmulatedEventType
    /// The single-use link's code, nil for the scheduling page.
    let singleUseCode: String?
    let url: URL
}

/// The Calendly account the emulator keeps: the host and their event types, the settings a test
/// chose, single-use links, bookings, held webhooks, injected faults and request counters.
actor SchedulingAccount {
    let hostUUID = CalendlyWire.uuid()
    let hostName: String
    let hostSlug = "host"
    let timeZone: TimeZone
    /// The most event types a list page holds, whatever the client asks for, so that paging is exercised.
    let pageSize: Int
    let eventTypes: [EmulatedEventType]
    /// `http://127.0.0.1:<port>`, known once the server listens.
    private(set) var origin = URL(string: "http://127.0.0.1")!
    var redirectURL: URL?
    var webhookURL: URL?
    var deliveryOrder = CalendlyDeliveryOrder.redirectThenWebhook
    private(set) var bookings: [EmulatedBooking] = []
    private(set) var counts = CalendlyRequestCounts()
    private var heldWebhooks: [PendingCalendlyWebhook] = []
    private var usedLinks: [String: Bool] = [:]
    private var faults: [CalendlyFault] = []

    init(hostName: String, timeZone: TimeZone, pageSize: Int, eventTypes: [EmulatedEventType]) {
        self.hostName = hostName
        self.timeZone = timeZone
        self.pageSize = max(1, pageSize)
        self.eventTypes = eventTypes
    }

    func setOrigin(_ origin: URL) {
        self.origin = origin
    }

    /// `http://127.0.0.1:<port>/api`, the root of the API's URIs.
    var apiRoot: URL { origin.appendingPathComponent(CalendlyAPIRoutes.basePath) }

    func pageURL(of eventType: EmulatedEventType) -> URL {
        origin.appendingPathComponent(hostSlug).appendingPathComponent(eventType.slug)
    }

    /// A new single-use link to `eventType`, good for one booking.
    func createSingleUseLink(to eventType: EmulatedEventType) -> URL {
        let code = CalendlyWire.uuid().lowercased()
        usedLinks[code] = false
        return singleUseURL(code: code, to: eventType)
    }

    /// `/d/<code>/<slug>`, the shape of Calendly's own single-use links.
    private func singleUseURL(code: String, to eventType: EmulatedEventType) -> URL {
        origin.appendingPathComponent("d").appendingPathComponent(code).appendingPathComponent(eventType.slug)
    }

    /// The page at `path` (`/host/session` or `/d/<code>/session`); a used link is still found.
    func page(at path: String) throws(CalendlyBookingError) -> BookablePage {
        let parts = path.split(separator: "/").map(String.init)
        let slug = parts.last ?? ""
        guard let eventType = eventTypes.first(where: { $0.slug == slug }) else { throw .unknownPage(path) }
        if parts.count == 2, parts[0] == hostSlug {
            return BookablePage(eventType: eventType, singleUseCode: nil, url: pageURL(of: eventType))
        }
        guard parts.count == 3, parts[0] == "d", usedLinks[parts[1]] != nil else { throw .unknownPage(path) }
        return BookablePage(eventType: eventType, singleUseCode: parts[1], url: singleUseURL(code: parts[1], to: eventType))
    }

    func isUsed(_ page: BookablePage) -> Bool {
        page.singleUseCode.map { usedLinks[$0] == true } ?? false
    }

    /// Takes a single-use link for one booking, before the slow part, so two at once cannot both book.
    func claim(_ page: BookablePage) throws(CalendlyBookingError) {
        guard let code = page.singleUseCode else { return }
        guard usedLinks[code] == false else { throw .linkAlreadyUsed(page.url.absoluteString) }
        usedLinks[code] = true
    }

    /// Gives a claimed link back after the booking failed.
    func release(_ page: BookablePage) {
        if let code = page.singleUseCode { usedLinks[code] = false }
    }

    func record(_ booking: EmulatedBooking) {
        bookings.append(booking)
    }

    /// Counts an API request by its path below the API root (`users/me`, `event_types`…).
    func countRequest(path: String, method: String) {
        counts.requests += 1
        switch (method, path) {
        case ("GET", "users/me"): counts.currentUser += 1
        case ("GET", "event_types"): counts.eventTypePages += 1
        case ("POST", "scheduling_links"): counts.schedulingLinks += 1
        default: break
        }
    }

    func appendFaults(_ more: [CalendlyFault]) {
        faults += more
    }

    func nextFault() -> CalendlyFault? {
        faults.isEmpty ? nil : faults.removeFirst()
    }

    func hold(_ webhook: PendingCalendlyWebhook) {
        heldWebhooks.append(webhook)
    }

    func takeHeldWebhooks() -> [PendingCalendlyWebhook] {
        defer { heldWebhooks.removeAll() }
        return heldWebhooks
    }
}
