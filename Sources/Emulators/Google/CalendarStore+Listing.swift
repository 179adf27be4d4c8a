import Foundation

/// Where an incremental listing starts: changes after `change`, unless the calendar's tokens
/// were invalidated since.
struct SyncPoint {
    let calendarID: String
    let change: Int
    let generation: Int
}

/// A position in a listing that spans pages; the ids are shared by every page's cursor.
/// Cursors stay valid after use, since a client may repeat a page request it saw time out.
struct PageCursor {
    let calendarID: String
    let ids: [String]
    let offset: Int
    let pageSize: Int
    /// Where the next incremental listing will start once the last page is read.
    let syncPoint: SyncPoint
}

/// What `GET /calendars/{id}/events` asked for, already validated.
struct EventListRequest {
    var syncToken: String?
    var pageToken: String?
    var timeMin: Date?
    var timeMax: Date?
    var showDeleted = false
    var maxResults: Int?
}

struct EventListAnswer: Encodable {
    var kind = "calendar#events"
    var summary: String
    var timeZone: String
    var items: [EventResource]
    var nextPageToken: String?
    var nextSyncToken: String?
}

extension CalendarStore {
    /// One page of a full or incremental listing, with Google's paging and sync-token rules.
    func list(_ calendarID: String, _ request: EventListRequest) throws(GoogleErrorReply) -> EventListAnswer {
        let state = try calendar(calendarID)
        if let pageToken = request.pageToken {
            guard let cursor = cursors[pageToken], cursor.calendarID == calendarID else {
                throw .badRequest("Invalid page token value.")
            }
            return page(of: cursor, timeZone: state.timeZone)
        }
        let point = SyncPoint(calendarID: calendarID, change: change, generation: state.tokenGeneration)
        let size = min(pageSize, request.maxResults ?? pageSize)
        let matching: [StoredEvent]
        if let syncToken = request.syncToken {
            guard let since = syncPoints[syncToken], since.calendarID == calendarID,
                  since.generation == state.tokenGeneration
            else { throw .fullSyncRequired() }
            matching = state.events.values.filter { $0.change > since.change }.sorted { $0.change < $1.change }
        } else {
            matching = state.events.values
                .filter { request.showDeleted || !$0.event.isDeleted }
                .filter { overlaps($0.event, request.timeMin, request.timeMax, calendarTimeZone: state.timeZone) }
                .sorted { start(of: $0.event, state.timeZone) < start(of: $1.event, state.timeZone) }
        }
        let cursor = PageCursor(
            calendarID: calendarID, ids: matching.map(\.event.id), offset: 0, pageSize: size, syncPoint: point
        )
        return page(of: cursor, timeZone: state.timeZone)
    }

    private func page(of cursor: PageCursor, timeZone: String) -> EventListAnswer {
        let end = min(cursor.offset + cursor.pageSize, cursor.ids.count)
        let ids = cursor.ids[cursor.offset..<end]
        let events = ids.compactMap { calendars[cursor.calendarID]?.events[$0]?.event }
        var answer = EventListAnswer(
            summary: cursor.calendarID, timeZone: timeZone,
            items: events.map { $0.isDeleted ? EventResource(deleted: $0) : EventResource($0) }
        )
        if end < cursor.ids.count {
            let token = RandomText.opaqueToken()
            cursors[token] = PageCursor(
                calendarID: cursor.calendarID, ids: cursor.ids, offset: end, pageSize: cursor.pageSize,
                syncPoint: cursor.syncPoint
            )
            answer.nextPageToken = token
        } else {
            let token = RandomText.opaqueToken()
            syncPoints[token] = cursor.syncPoint
            answer.nextSyncToken = token
        }
        return answer
    }

    private func start(of event: EmulatedEvent, _ timeZone: String) -> Date {
        event.start.instant(calendarTimeZone: timeZone)
    }

    /// Google's window rule: the event ends after `timeMin` and starts before `timeMax`.
    private func overlaps(_ event: EmulatedEvent, _ timeMin: Date?, _ timeMax: Date?, calendarTimeZone: String) -> Bool {
        if let timeMin, event.end.instant(calendarTimeZone: calendarTimeZone) <= timeMin { return false }
        if let timeMax, event.start.instant(calendarTimeZone: calendarTimeZone) >= timeMax { return false }
        return true
    }
}
