public import Foundation

/// What Calendly appends to the host's "redirect to an external site" URL after a booking
/// (`invitee_full_name`, `event_start_time`, `answer_1`…, and the booking link's `utm_*` values).
/// Everything is optional: the host decides in Calendly whether details are passed at all, and
/// the URL is in the attendee's hands, so nothing here is trusted beyond being a hint.
public struct CalendlyRedirect: Sendable, Equatable {
    public var inviteeFullName: String?
    public var inviteeEmail: String?
    public var inviteeUUID: String?
    public var eventTypeUUID: String?
    public var eventTypeName: String?
    /// The booked start, from an ISO 8601 time with the invitee's offset; nil when absent or unreadable.
    public var eventStartTime: Date?
    public var eventEndTime: Date?
    /// The SMS reminder number, as typed by the invitee.
    public var textReminderNumber: String?
    /// `answer_1`, `answer_2`…, in order; a missing position is an empty string.
    public var answers: [String]
    /// The host (or hosts, for a team event) the booking went to.
    public var assignedTo: String?
    /// The `utm_*` values of the booking link, passed through by Calendly.
    public var utmSource: String?
    public var utmMedium: String?
    public var utmCampaign: String?
    public var utmContent: String?
    public var utmTerm: String?

    /// Reads decoded query items; a repeated name keeps its last value, as Calendly sends each once.
    public init(queryItems: [(String, String)]) {
        let values = Dictionary(queryItems, uniquingKeysWith: { _, last in last })
        let value = { (name: String) in values[name].flatMap { $0.isEmpty ? nil : $0 } }
        inviteeFullName = value("invitee_full_name")
        inviteeEmail = value("invitee_email")
        inviteeUUID = value("invitee_uuid")
        eventTypeUUID = value("event_type_uuid")
        eventTypeName = value("event_type_name")
        eventStartTime = value("event_start_time").flatMap(CalendlyTime.date(from:))
        eventEndTime = value("event_end_time").flatMap(CalendlyTime.date(from:))
        textReminderNumber = value("text_reminder_number")
        assignedTo = value("assigned_to")
        utmSource = value("utm_source")
        utmMedium = value("utm_medium")
        utmCampaign = value("utm_campaign")
        utmContent = value("utm_content")
        utmTerm = value("utm_term")
        answers = Self.answers(in: values)
    }

    /// Reads the query of a raw query string (`a=1&b=2`, without the `?`).
    public init(query: String) {
        self.init(queryItems: QueryText.decode(query))
    }

    /// Reads the query of the URL Calendly redirected to.
    public init(url: URL) {
        self.init(query: URLComponents(url: url, resolvingAgainstBaseURL: true)?.percentEncodedQuery ?? "")
    }

    /// Calendly allows ten custom questions; anything beyond is not its own.
    static let maxQuestions = 10

    private static func answers(in values: [String: String]) -> [String] {
        let numbered = (1...maxQuestions).map { values["answer_\($0)"] }
        guard let last = numbered.lastIndex(where: { $0 != nil }) else { return [] }
        return numbered[...last].map { $0 ?? "" }
    }
}
