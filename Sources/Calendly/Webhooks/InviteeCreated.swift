public import Foundation

/// The body of Calendly's `invitee.created` webhook, reduced to what tells a booking apart: who
/// booked, when, which tracking values came along (`utm_content` carries this service's token
/// on a reschedule), and the phone number. Calendly adds fields and sends many as `null`, so
/// everything but the event name is optional or defaults to empty.
public struct InviteeCreated: Sendable, Equatable, Decodable {
    /// `invitee.created` (the same shape also arrives as `invitee.canceled`).
    public let event: String
    public let createdAt: Date?
    public let payload: Payload

    /// The invitee: one person's booking of one scheduled event.
    public struct Payload: Sendable, Equatable {
        public let name: String?
        public let email: String?
        /// The number the invitee gave for SMS reminders, as typed.
        public let textReminderNumber: String?
        /// The scheduled event's API URI (`…/scheduled_events/{uuid}`).
        public let eventURI: String?
        /// The invitee's own API URI (`…/scheduled_events/{uuid}/invitees/{uuid}`).
        public let uri: String?
        public let questionsAndAnswers: [QuestionAndAnswer]
        /// True when this booking replaces an earlier one the invitee moved on Calendly.
        public let rescheduled: Bool
        public let timezone: String?
        public let tracking: Tracking
        /// Present in current webhooks; older subscriptions leave it out.
        public let scheduledEvent: ScheduledEvent?
    }

    /// One answer from the booking form.
    public struct QuestionAndAnswer: Sendable, Equatable, Decodable {
        public let question: String
        public let answer: String

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            question = try container.decodeIfPresent(String.self, forKey: .question) ?? ""
            answer = try container.decodeIfPresent(String.self, forKey: .answer) ?? ""
        }

        enum CodingKeys: String, CodingKey { case question, answer }
    }

    /// The `utm_*` values of the booking link.
    public struct Tracking: Sendable, Equatable, Decodable {
        public var utmSource: String?
        public var utmMedium: String?
        public var utmCampaign: String?
        public var utmContent: String?
        public var utmTerm: String?

        public init(utmSource: String? = nil, utmMedium: String? = nil, utmCampaign: String? = nil, utmContent: String? = nil, utmTerm: String? = nil) {
            (self.utmSource, self.utmMedium, self.utmCampaign, self.utmContent, self.utmTerm) = (utmSource, utmMedium, utmCampaign, utmContent, utmTerm)
        }

        enum CodingKeys: String, CodingKey {
            case utmSource = "utm_source", utmMedium = "utm_medium", utmCampaign = "utm_campaign"
            case utmContent = "utm_content", utmTerm = "utm_term"
        }
    }

    /// When the booked event takes place.
    public struct ScheduledEvent: Sendable, Equatable, Decodable {
        public let uri: String?
        public let name: String?
        public let startTime: Date?
        public let endTime: Date?

        enum CodingKeys: String, CodingKey {
            case uri, name, startTime = "start_time", endTime = "end_time"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            uri = try container.decodeIfPresent(String.self, forKey: .uri)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            startTime = try container.calendlyDate(.startTime)
            endTime = try container.calendlyDate(.endTime)
        }
    }

    /// The booking link's `utm_content`: this service's token when the attendee came to reschedule.
    public var utmContent: String? { payload.tracking.utmContent }

    /// Reads a webhook body; throws `DecodingError` when it is not JSON of this shape.
    public static func decode(_ body: some DataProtocol) throws -> InviteeCreated {
        try JSONDecoder().decode(InviteeCreated.self, from: Data(body))
    }

    enum CodingKeys: String, CodingKey {
        case event, payload, createdAt = "created_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        event = try container.decode(String.self, forKey: .event)
        createdAt = try container.calendlyDate(.createdAt)
        payload = try container.decode(Payload.self, forKey: .payload)
    }
}

extension InviteeCreated.Payload: Decodable {
    enum CodingKeys: String, CodingKey {
        case name, email, uri, rescheduled, timezone, tracking
        case textReminderNumber = "text_reminder_number", eventURI = "event"
        case questionsAndAnswers = "questions_and_answers", scheduledEvent = "scheduled_event"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        email = try container.decodeIfPresent(String.self, forKey: .email)
        textReminderNumber = try container.decodeIfPresent(String.self, forKey: .textReminderNumber)
        eventURI = try container.decodeIfPresent(String.self, forKey: .eventURI)
        uri = try container.decodeIfPresent(String.self, forKey: .uri)
        questionsAndAnswers = try container.decodeIfPresent([InviteeCreated.QuestionAndAnswer].self, forKey: .questionsAndAnswers) ?? []
        rescheduled = try container.decodeIfPresent(Bool.self, forKey: .rescheduled) ?? false
        timezone = try container.decodeIfPresent(String.self, forKey: .timezone)
        tracking = try container.decodeIfPresent(InviteeCreated.Tracking.self, forKey: .tracking) ?? .init()
        scheduledEvent = try container.decodeIfPresent(InviteeCreated.ScheduledEvent.self, forKey: .scheduledEvent)
    }
}

extension KeyedDecodingContainer {
    /// An ISO 8601 time (`2026-11-21T10:15:02.000000Z`, `…+05:30`) or nil when absent or `null`.
    func calendlyDate(_ key: Key) throws -> Date? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = CalendlyTime.date(from: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not an ISO 8601 time: \(text)")
        }
        return date
    }
}

/// Calendly's times, ISO 8601 with or without fractional seconds and with `Z` or an offset.
enum CalendlyTime {
    static func date(from text: String) -> Date? {
        try? Date.ISO8601FormatStyle().parse(text)
    }
}
