import Foundation

/// Everything Calendly knows about one booking, and the three ways it tells others about it:
/// the calendar event's text, the redirect's query and the `invitee.created` webhook.
struct InviteeRecord: Sendable {
    /// The utm parameters Calendly tracks, in the order its webhook lists them.
    static let trackingNames = ["utm_campaign", "utm_source", "utm_medium", "utm_content", "utm_term"]

    let inviteeUUID = CalendlyWire.uuid()
    let eventUUID = CalendlyWire.uuid()
    let eventType: EmulatedEventType
    let hostName: String
    let hostUUID: String
    let timeZone: TimeZone
    let apiRoot: URL
    let start: Date
    let name: String
    let email: String
    let phone: String
    /// The booking link's `utm_*` values, in the order they came.
    let tracking: [(String, String)]
    let createdAt = Date()

    var end: Date { start.addingTimeInterval(TimeInterval(eventType.minutes * 60)) }
    var cancelURL: String { "https://calendly.com/cancellations/\(inviteeUUID)" }
    var rescheduleURL: String { "https://calendly.com/reschedulings/\(inviteeUUID)" }
    var eventURI: String { apiRoot.appendingPathComponent("scheduled_events/\(eventUUID)").absoluteString }

    var summary: String { "\(eventType.name) between \(hostName) and \(name)" }

    /// What Calendly writes into the host's calendar event: its links, and its name, which is how
    /// the service recognises a Calendly booking.
    var calendarDescription: String {
        "Event Name: \(eventType.name)\n\n"
            + "Need to make changes to this event?\nCancel: \(cancelURL)\nReschedule: \(rescheduleURL)\n\nPowered by Calendly.com"
    }

    /// Calendly's parameters after `redirect`'s own query, then the utm values passed through.
    func redirectURL(to redirect: URL) -> URL {
        let fields = [
            ("assigned_to", hostName), ("event_type_uuid", eventType.uuid), ("event_type_name", eventType.name),
            ("event_start_time", CalendlyWire.localTime(start, in: timeZone)), ("event_end_time", CalendlyWire.localTime(end, in: timeZone)),
            ("invitee_uuid", inviteeUUID), ("invitee_full_name", name), ("invitee_email", email),
            ("text_reminder_number", phone), ("answer_1", phone),
        ] + tracking
        guard var components = URLComponents(url: redirect, resolvingAgainstBaseURL: true) else { return redirect }
        let own = components.percentEncodedQuery.map { [$0] } ?? []
        components.percentEncodedQuery = (own + [CalendlyWire.queryText(fields)]).joined(separator: "&")
        return components.url ?? redirect
    }

    /// The `invitee.created` body, shaped like Calendly's: absent values are `null`, not missing.
    func webhookBody() -> Data {
        let created = CalendlyWire.apiTime(createdAt)
        let values = Dictionary(tracking, uniquingKeysWith: { _, last in last })
        var trackingObject: [String: Any] = ["salesforce_uuid": NSNull()]
        for name in Self.trackingNames { trackingObject[name] = values[name] ?? NSNull() }
        let hostURI = apiRoot.appendingPathComponent("users/\(hostUUID)").absoluteString
        let scheduledEvent: [String: Any] = [
            "uri": eventURI, "name": eventType.name, "status": "active",
            "start_time": CalendlyWire.apiTime(start), "end_time": CalendlyWire.apiTime(end),
            "event_type": apiRoot.appendingPathComponent("event_types/\(eventType.uuid)").absoluteString,
            "location": ["type": "outbound_call", "location": phone],
            "invitees_counter": ["total": 1, "active": 1, "limit": 1],
            "created_at": created, "updated_at": created,
            "event_memberships": [["user": hostURI, "user_name": hostName]], "event_guests": [],
        ]
        let payload: [String: Any] = [
            "cancel_url": cancelURL, "created_at": created, "email": email, "event": eventURI,
            "first_name": NSNull(), "last_name": NSNull(), "name": name, "new_invitee": NSNull(), "old_invitee": NSNull(),
            "no_show": NSNull(), "payment": NSNull(), "reconfirmation": NSNull(), "routing_form_submission": NSNull(),
            "questions_and_answers": [["question": "Phone number for WhatsApp", "answer": phone, "position": 0]],
            "reschedule_url": rescheduleURL, "rescheduled": false, "scheduled_event": scheduledEvent, "status": "active",
            "text_reminder_number": phone, "timezone": timeZone.identifier, "tracking": trackingObject,
            "updated_at": created, "uri": eventURI + "/invitees/\(inviteeUUID)",
        ]
        let body: [String: Any] = ["created_at": created, "created_by": hostURI, "event": "invitee.created", "payload": payload]
        // The object is built here from plain values, so serialising it cannot fail.
        return (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
