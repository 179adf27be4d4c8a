public import CalendarModel
import ClientSupport
import Foundation

extension GoogleCalendarClient {
    /// Google's ceiling for `maxResults`; fewer pages means fewer calls against the quota.
    static let maxResultsPerPage = 2500

    /// One page of events: a full listing over a window, or the changes since a sync token.
    public func listEvents(calendarID: String, query: EventListQuery, pageToken: String? = nil) async throws -> EventsPage {
        // `showDeleted` and `singleEvents` are the two restrictions Google accepts with a sync
        // token; repeating them keeps incremental answers shaped like the full listing.
        var parameters = [("singleEvents", "true"), ("showDeleted", "true")]
        switch query {
        case .full(let timeMin, let timeMax):
            parameters += [
                ("timeMin", RFC3339.string(from: timeMin)), ("timeMax", RFC3339.string(from: timeMax)),
                ("maxResults", "\(Self.maxResultsPerPage)"),
            ]
        case .incremental(let syncToken):
            parameters.append(("syncToken", syncToken))
        }
        if let pageToken { parameters.append(("pageToken", pageToken)) }
        let body = try await call("GET", "/calendars/\(calendarID.urlComponentEncoded)/events", query: parameters)
        return try decode(EventsPage.self, from: body)
    }

    /// Every page of a listing, and the sync token that only the last page carries.
    public func listAllEvents(calendarID: String, query: EventListQuery) async throws -> EventListing {
        var events: [CalendarEvent] = []
        var pageToken: String?
        var timeZone: String?
        while true {
            let page = try await listEvents(calendarID: calendarID, query: query, pageToken: pageToken)
            events += page.items
            timeZone = timeZone ?? page.timeZone
            if let next = page.nextPageToken {
                guard next != pageToken else { throw GoogleAPIError.invalidResponse("Google repeated the page token \(next)") }
                pageToken = next
                continue
            }
            guard let syncToken = page.nextSyncToken else {
                throw GoogleAPIError.invalidResponse("the last page of events of \(calendarID) has no nextSyncToken")
            }
            return EventListing(events: events, nextSyncToken: syncToken, timeZone: timeZone)
        }
    }

    /// One event as it is now (a deleted one comes back with `status: "cancelled"`).
    public func event(calendarID: String, eventID: String) async throws -> CalendarEvent {
        try decode(CalendarEvent.self, from: await call("GET", Self.eventPath(calendarID, eventID)))
    }

    /// Changes only the fields set in `patch`; with an `etag`, fails with `412` if the event changed since.
    public func patchEvent(
        calendarID: String, eventID: String, patch: EventPatch, ifMatch etag: String? = nil
    ) async throws(GoogleAPIError) -> CalendarEvent {
        let body: Data
        do {
            body = try JSONEncoder().encode(patch)
        } catch {
            throw GoogleAPIError.invalidResponse("could not encode the patch: \(error)")
        }
        let headers = etag.map { [("If-Match", $0)] } ?? []
        return try decode(CalendarEvent.self, from: await call("PATCH", Self.eventPath(calendarID, eventID), body: body, headers: headers))
    }

    /// Deletes an event; one already gone (`404`/`410`) counts as deleted.
    public func deleteEvent(calendarID: String, eventID: String, ifMatch etag: String? = nil) async throws {
        do throws(GoogleAPIError) {
            _ = try await call("DELETE", Self.eventPath(calendarID, eventID), headers: etag.map { [("If-Match", $0)] } ?? [])
        } catch {
            guard error.isGone else { throw error }
            logger.debug("event already gone", metadata: ["calendar": "\(calendarID)", "event": "\(eventID)"])
        }
    }

    static func eventPath(_ calendarID: String, _ eventID: String) -> String {
        "/calendars/\(calendarID.urlComponentEncoded)/events/\(eventID.urlComponentEncoded)"
    }

    func decode<Value: Decodable>(_ type: Value.Type, from body: Data) throws(GoogleAPIError) -> Value {
        try JSONAnswer.decode(type, from: body, or: GoogleAPIError.invalidResponse)
    }
}
