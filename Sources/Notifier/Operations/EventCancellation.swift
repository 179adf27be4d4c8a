import CalendarModel
import Foundation

/// Cancelling one attendee's place in Google Calendar, as `POST /cancel/{token}` and a YES reply
/// both do: this attendee's number leaves the location (the others are not told), and an event
/// with no attendee left, a one-attendee session or a group whose last attendee cancelled, is
/// deleted so that its slot is free (DESIGN.md §22). The watcher is rung, sees the change at
/// once and sends the attendee the cancelled message.
public struct EventCancellation: Sendable {
    let source: any CalendarSource
    let defaultCallingCode: CallingCode?
    let bells: ServiceBells

    public init(source: any CalendarSource, defaultCallingCode: CallingCode?, bells: ServiceBells) {
        self.source = source
        self.defaultCallingCode = defaultCallingCode
        self.bells = bells
    }

    /// `attendee`: whose place goes; nil (a link from before links named their attendee) deletes
    /// the event. Returns false when the attendee is no longer in the event's location (the host
    /// replaced them meanwhile): nothing was changed.
    @discardableResult
    public func cancel(calendarID: String, eventID: String, attendee: PhoneNumber?) async throws -> Bool {
        var acted = true
        if let attendee {
            acted = try await removeAttendee(attendee, calendarID: calendarID, eventID: eventID)
        } else {
            try await source.delete(calendarID: calendarID, eventID: eventID)
        }
        bells.watcher.ring()
        return acted
    }

    /// Takes `phone` out of the event's location with `If-Match`; a host edit at the same moment
    /// (`412`) is read again, so it is kept. When no attendee would be left, the event goes, with
    /// `If-Match` on the event as read: had the host just put someone else in it, that session is
    /// not deleted (the event is read again, and this attendee is no longer in it).
    private func removeAttendee(_ phone: PhoneNumber, calendarID: String, eventID: String) async throws -> Bool {
        for attempt in 1...3 {
            var seen = false, found = false, emptied = false
            let now = try await source.update(calendarID: calendarID, eventID: eventID) { event in
                seen = true
                let location = event.location ?? ""
                guard LocationNumbers(location, defaultCallingCode: defaultCallingCode).phones.contains(phone) else {
                    found = false
                    return nil
                }
                found = true
                let remaining = LocationNumbers.removing(phone, from: location, defaultCallingCode: defaultCallingCode)
                emptied = LocationNumbers(remaining, defaultCallingCode: defaultCallingCode).phones.isEmpty
                return emptied ? nil : EventPatch(location: remaining)
            }
            // An event already deleted is cancelled for everyone: the same link confirmed twice.
            guard found, emptied else { return found || !seen }
            do {
                try await source.delete(calendarID: calendarID, eventID: eventID, ifMatch: now?.etag)
                return true
            } catch {
                guard (error as? any CalendarSourceFailure)?.isConflict == true, attempt < 3 else { throw error }
            }
        }
        return false
    }
}
