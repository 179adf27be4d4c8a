import CalendarModel
import Emulators
import Foundation
import GoogleCalendar
import Testing

@Suite("Patching and deleting events")
struct EventWriteTests {
    let calendarID = GoogleTestbed.calendarID

    @Test("a patch with the current etag changes only the fields sent")
    func patchWithMatchingEtag() async throws {
        try await GoogleTestbed.run { testbed in
            let id = try await testbed.createSession("Coaching", inHours: 5)
            let before = try await testbed.client.event(calendarID: calendarID, eventID: id)
            let after = try await testbed.client.patchEvent(
                calendarID: calendarID, eventID: id, patch: EventPatch(description: "Cancel: https://x/r/abc", colorId: "10"),
                ifMatch: before.etag
            )
            #expect(after.description == "Cancel: https://x/r/abc")
            #expect(after.colorId == "10")
            #expect(after.summary == "Coaching")
            #expect(after.location == before.location)
            #expect(after.start == before.start)
            #expect(after.sequence == before.sequence)
            #expect(after.etag != before.etag)
            let stored = try #require(await testbed.google.event(id, in: calendarID))
            #expect(stored.colorId == "10")
            #expect(stored.etag == after.etag)
        }
    }

    @Test("a patch with a stale etag is a 412 and changes nothing")
    func patchWithStaleEtag() async throws {
        try await GoogleTestbed.run { testbed in
            let id = try await testbed.createSession("Coaching", inHours: 5)
            let before = try await testbed.client.event(calendarID: calendarID, eventID: id)
            try await testbed.google.setDescription(of: id, in: calendarID, to: "The host's own notes")
            let error = await #expect(throws: GoogleAPIError.self) {
                try await testbed.client.patchEvent(
                    calendarID: calendarID, eventID: id, patch: EventPatch(colorId: "11"), ifMatch: before.etag)
            }
            #expect(error == .api(status: 412, reason: "conditionNotMet", message: "Precondition Failed"))
            let stored = try #require(await testbed.google.event(id, in: calendarID))
            #expect(stored.colorId == nil)
            #expect(stored.description == "The host's own notes")
        }
    }

    @Test("deleting an event, then deleting it again or deleting an unknown one, all succeed")
    func deleteIsIdempotent() async throws {
        try await GoogleTestbed.run { testbed in
            let id = try await testbed.createSession("Coaching", inHours: 5)
            try await testbed.client.deleteEvent(calendarID: calendarID, eventID: id)
            #expect(await testbed.google.event(id, in: calendarID)?.isDeleted == true)
            try await testbed.client.deleteEvent(calendarID: calendarID, eventID: id)
            try await testbed.client.deleteEvent(calendarID: calendarID, eventID: "unknown0000000000000000000")
            #expect(await testbed.google.requestCounts.api == 3, "410 and 404 are not retried")
        }
    }

    @Test("reading a deleted event shows it cancelled; an unknown one is a 404")
    func readingGoneEvents() async throws {
        try await GoogleTestbed.run { testbed in
            let id = try await testbed.createSession("Coaching", inHours: 5)
            try await testbed.google.deleteEvent(id, in: calendarID)
            #expect(try await testbed.client.event(calendarID: calendarID, eventID: id).isDeleted)
            let error = await #expect(throws: GoogleAPIError.self) {
                try await testbed.client.event(calendarID: calendarID, eventID: "unknown0000000000000000000")
            }
            #expect(error == .api(status: 404, reason: "notFound", message: "Not Found"))
            #expect(error?.isGone == true)
        }
    }
}
