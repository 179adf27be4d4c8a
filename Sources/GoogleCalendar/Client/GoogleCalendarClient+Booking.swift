public import CalendarModel
import Foundation

extension GoogleCalendarClient {
    /// The busy times of `calendarID` between `timeMin` and `timeMax` (`POST /freeBusy`); Google
    /// reports a calendar it cannot read as an error inside a `200`, which is thrown here.
    public func busyTimes(calendarID: String, from timeMin: Date, to timeMax: Date) async throws -> [DateInterval] {
        let query: [String: Any] = [
            "timeMin": RFC3339.string(from: timeMin), "timeMax": RFC3339.string(from: timeMax), "items": [["id": calendarID]],
        ]
        let body = try JSONSerialization.data(withJSONObject: query)
        let answer = try decode(FreeBusyAnswer.self, from: await call("POST", "/freeBusy", body: body))
        guard let calendar = answer.calendars[calendarID] else {
            throw GoogleAPIError.invalidResponse("free/busy has no answer for \(calendarID)")
        }
        if let error = calendar.errors?.first {
            throw GoogleAPIError.api(status: error.reason == "notFound" ? 404 : 403, reason: error.reason,
                                     message: "free/busy of \(calendarID): \(error.reason)")
        }
        return try calendar.busy.map { period in
            guard let start = RFC3339.date(from: period.start), let end = RFC3339.date(from: period.end) else {
                throw GoogleAPIError.invalidResponse("free/busy period \(period.start)–\(period.end) is not RFC 3339")
            }
            return DateInterval(start: start, end: max(start, end))
        }
    }

    /// Inserts an event and returns it as Google stored it. The id is the caller's, so an insert
    /// retried after an unclear answer meets `409 duplicate` and returns the event made the first time.
    public func insertEvent(calendarID: String, _ event: NewEvent) async throws -> (event: CalendarEvent, isNew: Bool) {
        let body = try JSONEncoder().encode(event)
        do {
            let made = try decode(CalendarEvent.self, from: await call("POST", "/calendars/\(calendarID.urlComponentEncoded)/events", body: body))
            return (made, true)
        } catch {
            guard case .api(409, _, _) = error else { throw error }
            return (try await self.event(calendarID: calendarID, eventID: event.id), false)
        }
    }

    private struct FreeBusyAnswer: Decodable {
        struct Calendar: Decodable {
            struct Period: Decodable {
                let start: String
                let end: String
            }

            struct Problem: Decodable {
                let reason: String
            }

            let busy: [Period]
            let errors: [Problem]?
        }

        let calendars: [String: Calendar]
    }
}
