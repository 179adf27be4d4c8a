import CalendarModel
import Foundation
import GRDB

extension AppDatabase {
    private typealias Columns = OutboxMessage.Columns

    /// Events whose calendar entry is behind: a message outcome it does not show yet, or a
    /// location problem that appeared, changed or went away.
    package func eventsAwaitingWriteBack() async throws -> [(calendarID: String, eventID: String)] {
        try await readRepairing { db in
            let messages = try Row.fetchAll(db, OutboxMessage.filter(Columns.writebackDue)
                .select(Columns.calendarID, Columns.eventID).distinct())
            let problems = try Row.fetchAll(db, StoredEvent
                .filter(StoredEvent.Columns.locationProblem !== StoredEvent.Columns.problemShown)
                .select(StoredEvent.Columns.calendarID, StoredEvent.Columns.eventID))
            var seen: Set<[String]> = []
            return (messages + problems).map { ($0[0] as String, $0[1] as String) }.filter { seen.insert([$0.0, $0.1]).inserted }
        }
    }

    /// What an event's calendar entry is made of.
    package struct AnnotationSource {
        /// Each attendee's most recent message whose outcome is known (skipped ones aside, but for
        /// those an opted-out attendee did not get).
        package var latest: [OutboxMessage]
        package var locationProblem: String?
        /// The confirmations of the session at its current start.
        package var confirmations: [Confirmation]
        package var timeZone: String?
        /// The event as last read or written: what a write-back patches without reading it first.
        package var event: CalendarEvent?
        /// The event's location as last synced (nil for an event the sync has not seen or that is gone).
        package var location: String?

        package init(latest: [OutboxMessage], locationProblem: String?, confirmations: [Confirmation], timeZone: String?, event: CalendarEvent?, location: String?) {
            self.latest = latest
            self.locationProblem = locationProblem
            self.confirmations = confirmations
            self.timeZone = timeZone
            self.event = event
            self.location = location
        }

        /// Each attendee's latest of the `settled` messages (oldest first); a reminder carries no
        /// links of its own, so it shows those of the notice before it.
        package static func latest(of settled: [OutboxMessage]) -> [String: OutboxMessage] {
            var latest: [String: OutboxMessage] = [:]
            var links: [String: OutboxMessage] = [:]
            for message in settled {
                latest[message.phone] = message
                if message.cancelCode != nil || message.kind == .cancelled { links[message.phone] = message }
            }
            for (phone, message) in latest where message.kind == .reminder {
                latest[phone]?.cancelCode = links[phone]?.cancelCode
                latest[phone]?.rescheduleCode = links[phone]?.rescheduleCode
            }
            return latest
        }
    }

    /// What the event's calendar entry should show now.
    package func annotationSource(calendarID: String, eventID: String) async throws -> AnnotationSource {
        try await readRepairing { db in
            let settled = try OutboxMessage.fetchAll(db.cachedStatement(sql: WriteBackPath.settledSQL), arguments: [calendarID, eventID])
                .filter { $0.state != .skipped || $0.isOptedOut }
            let latest = AnnotationSource.latest(of: settled)
            let event = try StoredEvent.fetchOne(db.cachedStatement(sql: WriteBackPath.eventSQL), arguments: [calendarID, eventID])
            let confirmations = try Confirmation.fetchAll(db.cachedStatement(sql: WriteBackPath.confirmationsSQL), arguments: [calendarID, eventID])
                .filter { $0.startAt == event?.startAt }
            let zone = try event?.timeZone ?? SyncState.fetchOne(db, key: calendarID)?.timeZone
            return AnnotationSource(latest: latest.values.sorted { ($0.id ?? 0) < ($1.id ?? 0) }, locationProblem: event?.locationProblem,
                                    confirmations: confirmations, timeZone: zone, event: event?.asWritten,
                                    location: event?.status == "cancelled" ? nil : event?.location)
        }
    }

    /// The calendar now shows these messages' outcomes (superseding every earlier message's) and
    /// `problem`. A report or a sync that changed either meanwhile keeps the event due, so that
    /// newer news is not lost.
    /// `written`: the event as this write-back left it, whose description, colour and etag the next
    /// write-back patches against (a changed etag meanwhile makes that patch fail, safely).
    package func finishWriteBack(calendarID: String, eventID: String, shown latest: [OutboxMessage], problem: String?,
                         written: CalendarEvent? = nil) async throws {
        try await writer.write { db in
            if let written {
                try db.cachedStatement(sql: WriteBackPath.writtenSQL)
                    .execute(arguments: [written.description, written.colorId, written.etag, written.updated, calendarID, eventID])
            }
            for message in latest {
                guard let id = message.id else { continue }
                try db.cachedStatement(sql: WriteBackPath.shownSQL)
                    .execute(arguments: [calendarID, eventID, message.phone, id, id, message.state])
            }
            try db.cachedStatement(sql: WriteBackPath.problemShownSQL).execute(arguments: [problem, calendarID, eventID, problem])
        }
    }
}
