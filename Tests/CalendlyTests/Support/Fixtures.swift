import Foundation
import TestSupport

extension Fixtures {
    /// `redirect-query.txt` as one query string: its comment lines dropped, its lines joined with `&`.
    static func redirectQuery() throws -> String {
        String(decoding: try data("calendly/redirect-query.txt"), as: UTF8.self)
            .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .joined(separator: "&")
    }

    /// A token shaped like this service's Fernet link tokens: URL-safe base64 with `-`, `_` and `=` padding.
    static let fernetToken = "gAAAAABnQ2x1c3RfbGlrZS1hLXJlYWwtdG9rZW4_d2l0aC1kYXNoZXMtYW5kX3VuZGVyc2NvcmVzLWFuZC1wYWRkaW5n-XyZ8ag=="

    /// When a test's attendee books: two days ahead, on the hour, so that it is in the future.
    static func nextSlot(daysAhead: Int = 2, hour: Int = 15) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Kolkata")!
        let day = calendar.date(byAdding: .day, value: daysAhead, to: calendar.startOfDay(for: Date()))!
        return calendar.date(bySettingHour: hour, minute: 0, second: 0, of: day)!
    }
}
