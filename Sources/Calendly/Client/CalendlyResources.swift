import Foundation

/// The account the API token belongs to (`GET /users/me`).
public struct CalendlyUser: Sendable, Equatable, Decodable {
    /// `https://api.calendly.com/users/{uuid}`, the `user` filter of other calls.
    public let uri: String
    public let name: String
    public let slug: String?
    /// The user's landing page, e.g. `https://calendly.com/host`.
    public let schedulingURL: String?
    public let timezone: String?

    enum CodingKeys: String, CodingKey {
        case uri, name, slug, timezone
        case schedulingURL = "scheduling_url"
    }
}

/// A kind of meeting the host offers, with its own booking page (`GET /event_types`).
public struct CalendlyEventType: Sendable, Equatable, Decodable {
    /// `https://api.calendly.com/event_types/{uuid}`, the `owner` of a single-use link.
    public let uri: String
    public let name: String
    public let active: Bool
    public let slug: String?
    /// The public booking page, e.g. `https://calendly.com/host/30min`.
    public let schedulingURL: String
    /// Minutes.
    public let duration: Int?

    enum CodingKeys: String, CodingKey {
        case uri, name, active, slug, duration
        case schedulingURL = "scheduling_url"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uri = try container.decode(String.self, forKey: .uri)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        active = try container.decodeIfPresent(Bool.self, forKey: .active) ?? true
        slug = try container.decodeIfPresent(String.self, forKey: .slug)
        schedulingURL = try container.decode(String.self, forKey: .schedulingURL)
        duration = try container.decodeIfPresent(Int.self, forKey: .duration)
    }
}

/// `{"resource": {…}}`, the envelope of a single object.
struct ResourceEnvelope<Resource: Decodable>: Decodable {
    let resource: Resource
}

/// `{"collection": […], "pagination": {"next_page": "https://…" | null, …}}`.
struct CollectionPage<Item: Decodable>: Decodable {
    struct Pagination: Decodable {
        let nextPage: String?

        enum CodingKeys: String, CodingKey {
            case nextPage = "next_page"
        }
    }

    let collection: [Item]
    let pagination: Pagination?
}

/// `POST /scheduling_links`: the request, and the part of the answer this client reads.
struct SchedulingLinkRequest: Encodable {
    let maxEventCount = 1
    let owner: String
    let ownerType = "EventType"

    enum CodingKeys: String, CodingKey {
        case owner
        case maxEventCount = "max_event_count", ownerType = "owner_type"
    }
}

struct SchedulingLink: Decodable {
    let bookingURL: String

    enum CodingKeys: String, CodingKey {
        case bookingURL = "booking_url"
    }
}
