public import Foundation

/// The Calendly link an attendee is sent to: the host's scheduling page (or a single-use link)
/// with the attendee's details filled in and this service's token as `utm_content`, which Calendly
/// hands back in its redirect and in the `invitee.created` webhook.
///
/// Calendly's documented prefill parameters are `name`, `email`, `location` and `a1`, `a2`… for
/// custom questions. There is no parameter for the SMS reminder number, so the phone goes where
/// an event type can actually collect it, in both places by default, as Calendly ignores a
/// parameter that matches no field:
/// - `location`: the "Phone call, I will call my invitee" location, whose number Calendly writes
///   into the calendar event's location, which is where this service looks for it;
/// - `a1`: the first custom question, for event types that ask for the WhatsApp number there.
public struct CalendlyPrefill: Sendable, Equatable {
    /// A booking-form field that can carry the attendee's phone number.
    public enum PhoneField: Sendable, Hashable {
        /// The phone-call location (`location=`).
        case location
        /// The answer to custom question `n`, counted from 1 (`a1=`, `a2=`…).
        case answer(Int)

        var parameter: String {
            switch self {
            case .location: "location"
            case .answer(let position): "a\(position)"
            }
        }
    }

    /// Where the phone number goes unless told otherwise.
    public static let defaultPhoneFields: [PhoneField] = [.location, .answer(1)]
    /// The `utm_source` that marks links made by this service.
    public static let defaultSource = "gcal-whatsapp"

    public var name: String?
    public var email: String?
    /// The attendee's number as it should appear on the form, e.g. `+919876543210`.
    public var phone: String?
    public var phoneFields: [PhoneField]
    /// Usually a link token; Calendly passes it through untouched.
    public var utmContent: String?
    public var utmSource: String?

    /// A prefill; nil or empty values are left out of the link.
    public init(
        name: String? = nil, email: String? = nil, phone: String? = nil, phoneFields: [PhoneField] = defaultPhoneFields,
        utmContent: String? = nil, utmSource: String? = defaultSource
    ) {
        self.name = name
        self.email = email
        self.phone = phone
        self.phoneFields = phoneFields
        self.utmContent = utmContent
        self.utmSource = utmSource
    }

    /// The parameters this prefill adds, in a fixed order; empty values are left out.
    public var queryItems: [(String, String)] {
        var items: [(String, String?)] = [("name", name), ("email", email)]
        items += phoneFields.map { ($0.parameter, phone) }
        items += [("utm_source", utmSource), ("utm_content", utmContent)]
        return items.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : (name, $0) } }
    }

    /// `schedulingURL` with the prefill added. Its own query is kept (a `month=` or a `back=1`),
    /// except parameters this prefill sets, so that a name never appears twice; its fragment too.
    public func url(for schedulingURL: URL) -> URL {
        guard var components = URLComponents(url: schedulingURL, resolvingAgainstBaseURL: true) else { return schedulingURL }
        let added = queryItems
        let replaced = Set(added.map(\.0))
        let kept = QueryText.pieces(components.percentEncodedQuery ?? "").filter { !replaced.contains(QueryText.name(of: $0)) }
        let query = (kept.map(String.init) + [QueryText.encode(added)]).filter { !$0.isEmpty }.joined(separator: "&")
        components.percentEncodedQuery = query.isEmpty ? nil : query
        return components.url ?? schedulingURL
    }
}
