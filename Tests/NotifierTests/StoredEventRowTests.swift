import Foundation
import GRDB
import Testing
import TestSupport
@testable import Notifier

/// `StoredEvent` reads its columns itself (`RowReader`): every field comes back as written, and a
/// value that does not read throws an error that names the column, never the event's number,
/// title or description.
@Suite(.enabled(if: !TestStore.isPostgres, "SQLite's own rows"))
struct StoredEventRowTests {
    static let full: StoredEvent = {
        var event = StoredEvent(calendarID: "cal@example.com", eventID: "evt_1")
        (event.status, event.summary, event.description, event.location) = ("confirmed", "Session with Ravi", "Call me first", "+14155550123")
        (event.startAt, event.endAt) = (Date(timeIntervalSince1970: 1_800_000_000.125), Date(timeIntervalSince1970: 1_800_003_600.5))
        (event.timeZone, event.sequence, event.etag, event.updatedAt, event.colorID) = ("Asia/Kolkata", 3, "\"etag-7\"", "2027-01-15T10:00:00Z", "10")
        (event.seriesID, event.originalStartAt) = ("series_1", Date(timeIntervalSince1970: 1_799_990_000.25))
        (event.locationProblem, event.problemShown, event.iCalUID, event.timeProblem) = ("Not sent: a", "Not sent: b", "uid@google.com", "Not sent: c")
        return event
    }()

    @Test func everyFieldComesBackAsWritten() throws {
        let read = try DatabaseQueue().withStore { db in
            try Self.full.insert(db)
            return try StoredEvent.fetchOne(db, key: ["calendar_id": Self.full.calendarID, "event_id": Self.full.eventID])
        }
        #expect(read == Self.full)
        var bare = StoredEvent(calendarID: "cal@example.com", eventID: "evt_2")
        bare.summary = "Bare"
        let readBare = try DatabaseQueue().withStore { db in
            try bare.insert(db)
            return try StoredEvent.fetchOne(db, key: ["calendar_id": bare.calendarID, "event_id": bare.eventID])
        }
        #expect(readBare == bare)
    }

    @Test func aDateThatDoesNotReadThrowsNamingItsColumnOnly() throws {
        try DatabaseQueue().withStore { db in
            try Self.full.insert(db)
            for column in ["start_at", "end_at", "original_start_at"] {
                try db.execute(sql: "UPDATE events SET \(column) = '99999-01-05 10:00:00.000'")
                let error = #expect(throws: UnreadableRow.self, "\(column)") { try StoredEvent.fetchAll(db) }
                #expect(error?.column == column)
                let said = error.map { "\($0)" } ?? ""
                for secret in [Self.full.location, Self.full.summary, Self.full.description] {
                    #expect(!said.contains(secret ?? ""), "\(said)")
                }
                try Self.full.update(db)
            }
        }
    }
}

private extension DatabaseQueue {
    /// A migrated store in this queue, and one write on it.
    func withStore<T>(_ write: (Database) throws -> T) throws -> T {
        let database = try AppDatabase(writer: self)
        return try database.writer.write(write)
    }
}
