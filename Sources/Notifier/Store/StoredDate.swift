import Foundation
import GRDB

/// A date written as GRDB writes one to SQLite ("yyyy-MM-dd HH:mm:ss.SSS", UTC, to the nearest
/// millisecond), but by hand: GRDB formats with one shared ICU `DateFormatter` behind a lock,
/// which was a fortieth of a burst's CPU. The text is the same to the byte (a test compares the
/// two on random dates), so rows written either way sort and compare as one. Dates outside
/// 1970-9999 are left to GRDB: before 1582 ICU's calendar is the Julian one.
struct StoredDate: DatabaseValueConvertible {
    let date: Date

    init(_ date: Date) {
        self.date = date
    }

    var databaseValue: DatabaseValue {
        Self.text(date)?.databaseValue ?? date.databaseValue
    }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredDate? {
        Date.fromDatabaseValue(dbValue).map(StoredDate.init)
    }

    /// For records, from their `databaseDateEncodingStrategy(for:)` (`StoredEvent`'s).
    static let encoding = DatabaseDateEncodingStrategy.custom { StoredDate($0) }

    private static let millisecondsBefore10000 = 253_402_300_800_000.0

    /// The text, or nil outside 1970-9999.
    static func text(_ date: Date) -> String? {
        // The milliseconds since 1970 as Foundation hands them to ICU (rounded: it adds half a
        // millisecond), and ICU cuts them.
        let milliseconds = ((date.timeIntervalSinceReferenceDate + Date.timeIntervalBetween1970AndReferenceDate) * 1_000 + 0.5)
            .rounded(.down)
        guard milliseconds >= 0, milliseconds < millisecondsBefore10000 else { return nil }
        let total = Int(milliseconds)
        let (days, inDay) = total.quotientAndRemainder(dividingBy: 86_400_000)
        let (year, month, day) = civil(daysSince1970: days)
        return String(unsafeUninitializedCapacity: 23) { text in
            func put(_ value: Int, width: Int, at start: Int, then separator: UInt8? = nil) {
                var rest = value
                for position in (start..<start + width).reversed() {
                    text[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                if let separator { text[start + width] = separator }
            }
            put(year, width: 4, at: 0, then: UInt8(ascii: "-"))
            put(month, width: 2, at: 5, then: UInt8(ascii: "-"))
            put(day, width: 2, at: 8, then: UInt8(ascii: " "))
            put(inDay / 3_600_000, width: 2, at: 11, then: UInt8(ascii: ":"))
            put(inDay / 60_000 % 60, width: 2, at: 14, then: UInt8(ascii: ":"))
            put(inDay / 1_000 % 60, width: 2, at: 17, then: UInt8(ascii: "."))
            put(inDay % 1_000, width: 3, at: 20)
            return 23
        }
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`), for days ≥ 0.
    private static func civil(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
