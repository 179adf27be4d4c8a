import Foundation
import GRDB
import Testing
import TestSupport
@testable import Notifier

/// `OutboxMessage` writes (`encode(to:)`) and reads (`init(row:)`) the outbox column by column:
/// every field must come back as it was written, and a value that does not read must throw,
/// never stop the process.
@Suite(.enabled(if: !TestStore.isPostgres, "SQLite's own rows"))
struct OutboxRowTests {
    /// Every field set, each to a value no other field of its type holds.
    static let full = OutboxMessage(
        id: nil, calendarID: "cal@example.com", eventID: "evt_1", noticeKey: "r3", kind: .rescheduled, phone: "+14155550123",
        summary: "Session with Ravi", startAt: Date(timeIntervalSince1970: 1_800_000_000.125),
        previousStartAt: Date(timeIntervalSince1970: 1_799_990_000.5), timeZone: "Asia/Kolkata", sequence: 7, state: .delivered,
        twilioSID: "SM0123", attempts: 2, nextAttemptAt: Date(timeIntervalSince1970: 1_790_000_000.25),
        lastAttemptAt: Date(timeIntervalSince1970: 1_790_000_100.75), error: "none really", createdAt: Date(timeIntervalSince1970: 1_780_000_000),
        body: "Hello", contentSID: "HX9", contentVariables: #"{"1":"x"}"#, cancelCode: "CancelCode12", rescheduleCode: "Reschedule12", bookCode: "BookAgain123",
        writebackDue: true, forGroup: true, aboutSeries: true, seriesDates: "Mon 1, Tue 2", seriesStarts: "2027-01-01T09:00:00Z",
        language: "hi")

    /// A database holding the message's event and links, which the outbox refers to.
    private func database() throws -> AppDatabase {
        let database = try AppDatabase(writer: DatabaseQueue())
        try database.writer.write { db in
            try StoredEvent(calendarID: Self.full.calendarID, eventID: Self.full.eventID).insert(db)
            for code in ["CancelCode12", "Reschedule12", "BookAgain123"] {
                try ShortLink(code: code, target: "/cancel/t", calendarID: Self.full.calendarID, eventID: Self.full.eventID,
                              createdAt: Self.full.createdAt).insert(db)
            }
        }
        return database
    }

    private func roundTrip(_ message: OutboxMessage) throws -> OutboxMessage? {
        try database().writer.write { db in
            var inserted = message
            try inserted.insert(db)
            let read = try OutboxMessage.fetchOne(db, key: inserted.id)
            #expect(read?.id == inserted.id)
            return read.map { var read = $0; read.id = nil; return read }
        }
    }

    @Test func everyFieldComesBackAsWritten() throws {
        #expect(try roundTrip(Self.full) == Self.full)
    }

    @Test func emptyOptionalsComeBackEmpty() throws {
        var bare = Self.full
        (bare.previousStartAt, bare.timeZone, bare.twilioSID, bare.lastAttemptAt, bare.error, bare.body) = (nil, nil, nil, nil, nil, nil)
        (bare.contentSID, bare.contentVariables, bare.cancelCode, bare.rescheduleCode, bare.bookCode) = (nil, nil, nil, nil, nil)
        (bare.seriesDates, bare.seriesStarts, bare.language) = (nil, nil, nil)
        (bare.writebackDue, bare.forGroup, bare.aboutSeries, bare.state, bare.kind) = (false, false, false, .pending, .scheduled)
        #expect(try roundTrip(bare) == bare)
    }

    @Test func aValueThatDoesNotReadThrowsNamingItsColumnOnly() throws {
        try database().writer.write { db in
            var message = Self.full
            try message.insert(db)
            for (column, value) in [("start_at", "27-13-45"), ("next_attempt_at", "soon"), ("previous_start_at", "12345-01-01 00:00"), ("created_at", "")] {
                try db.execute(sql: "UPDATE outbox SET \(column) = ? WHERE id = ?", arguments: [value, message.id])
                let error = #expect(throws: UnreadableRow.self, "\(column)") { try OutboxMessage.fetchOne(db, key: message.id) }
                #expect(error?.column == column)
                // GRDB's own error lists the whole row: the number, the title and the text would reach the log.
                let said = error.map { "\($0)" } ?? ""
                for secret in [Self.full.phone, Self.full.summary, "Hello", "CancelCode12"] {
                    #expect(!said.contains(secret), "\(said)")
                }
                var good = message
                good.id = message.id
                try good.update(db)
            }
        }
    }

    /// Text in a number column reads as SQLite converts it, exactly as GRDB's decoding did.
    @Test func textInANumberColumnReadsAsRecordDecodingReadsIt() throws {
        struct Counted: Decodable, FetchableRecord {
            var attempts: Int
            var writebackDue: Bool
            enum CodingKeys: String, CodingKey { case attempts, writebackDue = "writeback_due" }
        }
        try database().writer.write { db in
            var message = Self.full
            try message.insert(db)
            try db.execute(sql: "UPDATE outbox SET attempts = 'many', writeback_due = 'yes' WHERE id = ?", arguments: [message.id])
            let decoded = try Counted.fetchOne(db, sql: "SELECT attempts, writeback_due FROM outbox")
            let read = try OutboxMessage.fetchOne(db, key: message.id)
            #expect(read?.attempts == decoded?.attempts)
            #expect(read?.writebackDue == decoded?.writebackDue)
        }
    }
}
