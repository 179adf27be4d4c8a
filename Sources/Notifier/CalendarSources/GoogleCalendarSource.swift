public import CalendarModel
public import Foundation
public import GoogleCalendar

/// A Google calendar shared with the service account, as a `CalendarSource`: changes through
/// `syncToken`, colours through `colorId`, push through `events.watch` (DESIGN.md §17).
public struct GoogleCalendarSource: CalendarSource, CalendarPush {
    public let client: GoogleCalendarClient
    /// The service account's `client_email`, named in the advice for a calendar not shared with it.
    let serviceAccount: String?
    /// Signed in as the host's own account (DESIGN.md §24): no calendar is shared with anyone.
    let isConnectedAccount: Bool

    public init(client: GoogleCalendarClient, serviceAccount: String?, isConnectedAccount: Bool = false) {
        self.client = client
        self.serviceAccount = serviceAccount
        self.isConnectedAccount = isConnectedAccount
    }

    /// Google's full listing holds deleted events itself (`showDeleted`): `previous` is not needed.
    public func changes(calendarID: String, since cursor: String?, previous: String?, window: DateInterval) async throws -> CalendarChanges {
        let query: EventListQuery = cursor.map { .incremental(syncToken: $0) } ?? .full(timeMin: window.start, timeMax: window.end)
        let listing = try await client.listAllEvents(calendarID: calendarID, query: query)
        return CalendarChanges(events: listing.events, cursor: listing.nextSyncToken, timeZone: listing.timeZone)
    }

    public func event(calendarID: String, eventID: String) async throws -> CalendarEvent {
        try await client.event(calendarID: calendarID, eventID: eventID)
    }

    public func update(calendarID: String, eventID: String, patch: EventPatch, ifMatch etag: String?) async throws -> CalendarEvent {
        try await client.patchEvent(calendarID: calendarID, eventID: eventID, patch: patch, ifMatch: etag)
    }

    public func delete(calendarID: String, eventID: String, ifMatch etag: String?) async throws {
        try await client.deleteEvent(calendarID: calendarID, eventID: eventID, ifMatch: etag)
    }

    public func busyTimes(calendarID: String, in range: DateInterval) async throws -> [DateInterval] {
        try await client.busyTimes(calendarID: calendarID, from: range.start, to: range.end)
    }

    public func insert(calendarID: String, _ event: NewEvent) async throws -> (event: CalendarEvent, isNew: Bool) {
        try await client.insertEvent(calendarID: calendarID, event)
    }

    public var kind: String { "Google Calendar" }

    public var push: (any CalendarPush)? { self }

    public func watch(calendarID: String, channelID: String, token: String, address: URL, ttl: Duration) async throws -> WatchChannel {
        try await client.watchEvents(calendarID: calendarID, channelID: channelID, token: token, address: address, ttl: ttl)
    }

    public func stop(channelID: String, resourceID: String) async throws {
        try await client.stopChannel(id: channelID, resourceID: resourceID)
    }

    /// A `404` or a `403` other than a rate limit almost always means the calendar was not
    /// shared with the service account; a connected account's refused grant must be connected again.
    public func accessHint(for error: any Error) -> String? {
        guard let error = error as? GoogleAPIError else { return nil }
        if case .accountRefused(let status, _, _) = error, status < 500 {
            return "The Google account's access was revoked or has expired: connect it again at /host/connect "
                + "(or run gcal-whatsapp connect google)"
        }
        guard case .api(let status, _, _) = error,
              status == 404 || (status == 403 && !error.isRetryable) else { return nil }
        guard !isConnectedAccount else {
            return "The connected Google account cannot edit this calendar: name one it owns or may change in GOOGLE_CALENDAR_ID (or leave it out for its own primary calendar)"
        }
        let account = serviceAccount ?? "the service account's client_email"
        return "Share the calendar with \(account) and give it \"Make changes to events\" "
            + "(Google Calendar → the calendar's Settings and sharing → Share with specific people)"
    }
}

extension GoogleAPIError: CalendarSourceFailure {
    public var isCursorExpired: Bool { isFullSyncRequired }
    public var isConflict: Bool { isPreconditionFailed }
    public var isNotGettingThrough: Bool {
        switch self {
        case .timeout, .transport, .invalidResponse: true
        case .api, .tokenRefused, .accountRefused: false
        }
    }
}
