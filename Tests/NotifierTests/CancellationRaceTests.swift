import CalendarModel
import Foundation
import Testing
@testable import Notifier

/// An attendee cancels the instant the host puts someone else in the session (DESIGN.md §22):
/// the event read is the one deleted, with `If-Match`, so the new attendee's session stays.
struct CancellationRaceTests {
    /// The Google source, with the host's edit landing between the cancellation's read and its delete.
    struct HostEditsFirst: CalendarSource {
        let inner: any CalendarSource
        let edit: @Sendable () async throws -> Void

        func delete(calendarID: String, eventID: String, ifMatch etag: String?) async throws {
            try await edit()
            try await inner.delete(calendarID: calendarID, eventID: eventID, ifMatch: etag)
        }

        func changes(calendarID: String, since cursor: String?, previous: String?, window: DateInterval) async throws -> CalendarChanges {
            try await inner.changes(calendarID: calendarID, since: cursor, previous: previous, window: window)
        }
        func event(calendarID: String, eventID: String) async throws -> CalendarEvent { try await inner.event(calendarID: calendarID, eventID: eventID) }
        func update(calendarID: String, eventID: String, patch: EventPatch, ifMatch etag: String?) async throws -> CalendarEvent {
            try await inner.update(calendarID: calendarID, eventID: eventID, patch: patch, ifMatch: etag)
        }
        func busyTimes(calendarID: String, in range: DateInterval) async throws -> [DateInterval] { [] }
        func insert(calendarID: String, _ event: NewEvent) async throws -> (event: CalendarEvent, isNew: Bool) {
            try await inner.insert(calendarID: calendarID, event)
        }
        var kind: String { inner.kind }
        var push: (any CalendarPush)? { nil }
        func accessHint(for error: any Error) -> String? { nil }
    }

    @Test func aCancelConfirmedAsTheHostReplacesTheAttendeeDeletesNothing() async throws {
        try await CalendarSyncTests.run { world in
            let id = try await world.create(location: "+91 98765 43210")
            let google = world.google
            let source = HostEditsFirst(inner: world.sync.source) {
                try await google.setLocation(of: id, in: CalendarSyncTests.calendar, to: "+91 98123 45670")
            }
            let cancellation = EventCancellation(source: source, defaultCallingCode: CallingCode(setting: "IN"), bells: ServiceBells())
            let acted = try await cancellation.cancel(calendarID: CalendarSyncTests.calendar, eventID: id,
                                                      attendee: PhoneNumber(e164: "+919876543210"))
            #expect(!acted, "the old attendee was no longer in the session")
            let event = try #require(await google.event(id, in: CalendarSyncTests.calendar))
            #expect(!event.isDeleted && event.location == "+91 98123 45670", "the new attendee's session stays")
        }
    }

    @Test func withoutARaceTheEmptiedSessionIsDeleted() async throws {
        try await CalendarSyncTests.run { world in
            let id = try await world.create(location: "+91 98765 43210")
            let source = HostEditsFirst(inner: world.sync.source) {}
            let cancellation = EventCancellation(source: source, defaultCallingCode: CallingCode(setting: "IN"), bells: ServiceBells())
            #expect(try await cancellation.cancel(calendarID: CalendarSyncTests.calendar, eventID: id, attendee: PhoneNumber(e164: "+919876543210")))
            #expect(await world.google.event(id, in: CalendarSyncTests.calendar)?.isDeleted == true)
        }
    }
}
