import Foundation
import GRDB
import Testing
@testable import Notifier

/// `StoredDate` writes dates by hand for speed; rows it writes must read, sort and compare exactly
/// as those GRDB writes, so its text is compared with GRDB's own, byte for byte.
@Suite struct StoredDateTests {
    private func grdbText(_ date: Date) -> String? {
        String.fromDatabaseValue(date.databaseValue)
    }

    private func ourText(_ date: Date) -> String? {
        String.fromDatabaseValue(StoredDate(date).databaseValue)
    }

    @Test func randomDatesAreWrittenAsGRDBWritesThem() {
        var generator = SystemRandomNumberGenerator()
        // 1970-2100, with sub-millisecond fractions; and around now, where nearly every row is.
        for _ in 0..<20_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &generator))
            #expect(ourText(date) == grdbText(date), "\(date.timeIntervalSince1970)")
        }
        for _ in 0..<20_000 {
            let date = Date(timeIntervalSinceNow: Double.random(in: -86_400 * 400...86_400 * 400, using: &generator))
            #expect(ourText(date) == grdbText(date), "\(date.timeIntervalSince1970)")
        }
    }

    @Test func edgesOfMillisecondsDaysAndYearsAreWrittenAsGRDBWritesThem() {
        let seconds: [Double] = [
            0, 0.0005, 0.000_999, 0.999_999_9, 59.9995, 86_399.999_9, 86_400, 951_782_400 /* 2000-02-29 */,
            4_107_542_400 /* 2100-03-01 */, 1_798_761_599.999_5, 1_798_761_600, 253_402_300_799.999, 1_733_600_000.123_456,
        ]
        for second in seconds {
            for nudge in [-1e-6, 0, 1e-6] {
                let date = Date(timeIntervalSince1970: second + nudge)
                #expect(ourText(date) == grdbText(date), "\(second + nudge)")
            }
        }
        #expect(ourText(.distantFuture) == grdbText(.distantFuture))
        // Whole and half milliseconds, where cutting and rounding part.
        for millisecond in stride(from: 1_765_000_000_000.0, to: 1_765_000_000_100, by: 0.5) {
            let date = Date(timeIntervalSince1970: millisecond / 1_000)
            #expect(ourText(date) == grdbText(date), "\(millisecond)")
        }
    }

    @Test func datesOutsideTheCommonRangeAreLeftToGRDB() {
        for date in [Date.distantPast, Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: 253_402_300_800)] {
            #expect(StoredDate.text(date) == nil)
            #expect(ourText(date) == grdbText(date))
        }
    }

    @Test func aRecordWrittenWithItReadsBackTheSameDate() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (at TEXT)")
            let date = Date(timeIntervalSince1970: 1_765_000_000.123)
            try db.execute(sql: "INSERT INTO t VALUES (?)", arguments: [StoredDate(date)])
            let read = try Date.fetchOne(db, sql: "SELECT at FROM t")
            #expect(read.map { abs($0.timeIntervalSince(date)) < 0.001 } == true)
            #expect(try Bool.fetchOne(db, sql: "SELECT at = ? FROM t", arguments: [date]) == true)
        }
    }
}
