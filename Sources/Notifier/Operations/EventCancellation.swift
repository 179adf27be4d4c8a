import Foundation
public import GoogleCalendar

/// Cancelling one attendee's place in Google Calendar, as `POST /cancel/{token}` and a YES reply
/// both do: a one-attendee session's event is deleted; in a group only this attendee's number
/// leaves the location (the event stays, the others are not told). The watcher is rung, sees the
/// change at once and sends the attendee the cancelled message.
public struct EventCancellation: Sendable {
    let google: GoogleCalendarClient
    let defaultCallingCode: CallingCode?
    let bells: ServiceBells

    public init(google: GoogleCalendarClient, defaultCallingCode: CallingCode?, bells: ServiceBells) {
        self.google = google
        self.defaultCallingCode = defaultCallingCode
        self.bells = bells
    }

    /// `attendee`: the group attendee whose place goes; nil deletes the event.
    public func cancel(calendarID: String, eventID: String, attendee: PhoneNumber?) async throws {
        if let attendee {
            try await removeAttendee(attendee, calendarID: calendarID, eventID: eventID)
        } else {
            try await google.deleteEvent(calendarID: calendarID, eventID: eventID)
        }
        bells.watcher.ring()
    }

    /// Takes `phone` out of the event's location with `If-Match`; a host edit at the same moment
    /// (`412`) is read again, so it is kept.
    private func removeAttendee(_ phone: PhoneNumber, calendarID: String, eventID: String) async throws {
        try await google.patchEvent(calendarID: calendarID, eventID: eventID) { event in
            let location = event.location ?? ""
            let remaining = LocationNumbers.removing(phone, from: location, defaultCallingCode: defaultCallingCode)
            return remaining == location ? nil : EventPatch(location: remaining)
        }
    }
}
