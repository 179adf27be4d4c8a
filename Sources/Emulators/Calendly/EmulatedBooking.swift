public import Foundation

/// A booking made on the Calendly emulator, through its HTML form or `book(...)`.
public struct EmulatedBooking: Sendable, Equatable {
    /// The invitee's id, also in the redirect (`invitee_uuid`) and the webhook's `payload.uri`.
    public let inviteeUUID: String
    /// The scheduled event's id, the last part of the webhook's `payload.event`.
    public let eventUUID: String
    public let eventTypeName: String
    /// The page booked on, without its query: the scheduling page or a single-use link.
    public let bookingURL: URL
    /// The event the booking created in the Google emulator.
    public let googleEventID: String
    public let start: Date
    public let end: Date
    public let name: String
    public let email: String
    /// The phone number as the invitee typed it.
    public let phone: String
    /// The booking link's `utm_*` values, passed through to the redirect and the webhook.
    public let tracking: [String: String]
    /// Where the browser is sent (`303`), with Calendly's query; nil when no redirect is set or
    /// the delivery order leaves it out.
    public let redirectURL: URL?
    /// The `invitee.created` JSON, exactly as it is (or would be) posted.
    public let webhookBody: Data

    public var utmContent: String? { tracking["utm_content"] }
}

/// In which order Calendly's two signals of a booking reach this service, so that tests can
/// exercise each race.
public enum CalendlyDeliveryOrder: Sendable, Equatable {
    /// The browser is redirected; no webhook is posted.
    case redirectOnly
    /// The webhook is posted; the browser sees Calendly's own confirmation, even when a redirect is set.
    case webhookOnly
    /// The webhook is posted and answered before the browser gets its `303`.
    case webhookBeforeRedirect
    /// The `303` is sent first; the webhook is posted once it has been written.
    case redirectThenWebhook
    /// The browser is redirected; the webhook waits until `releaseWebhooks()`.
    case holdWebhook
}

/// A webhook the emulator posted, and what the receiver answered.
public struct PostedCalendlyWebhook: Sendable, Equatable {
    public let url: URL
    public let inviteeUUID: String
    public let body: Data
    /// The `Calendly-Webhook-Signature` header sent with it.
    public let signature: String
    /// The receiver's HTTP status; nil when no answer came (nothing listening, time-out).
    public let responseStatus: Int?
}

/// A failure the emulator answers the next API request with, instead of the work.
public enum CalendlyFault: Sendable, Equatable {
    /// `429 Too Many Requests` with `Retry-After: 1`.
    case tooManyRequests
    /// `500 Internal Server Error`.
    case serverError
}

/// How many API requests the emulator has seen, so tests can tell cached lookups and retries apart.
public struct CalendlyRequestCounts: Sendable, Equatable {
    /// API requests of any kind, refused and faulted ones included.
    public var requests = 0
    /// `GET /users/me`.
    public var currentUser = 0
    /// `GET /event_types`, one per page.
    public var eventTypePages = 0
    /// `POST /scheduling_links`.
    public var schedulingLinks = 0
}

/// A booking the emulator refused, as the booking page shows it.
public enum CalendlyBookingError: Error, Sendable, Equatable {
    /// No scheduling page or single-use link at this URL.
    case unknownPage(String)
    /// A single-use link that has already been booked.
    case linkAlreadyUsed(String)
    /// A required field is empty or unreadable.
    case invalidField(String)
}
