import Foundation

/// Rows come back as JSON (`row_to_json`) and are decoded with the records' own `Codable` keys,
/// which are the column names in both stores: one decoder for every record type.
enum PostgresRecords {
    static func decode<Record: Decodable>(_ type: Record.Type, json: String) throws -> Record {
        try decoder.decode(type, from: Data(json.utf8))
    }

    /// A record as the JSON object `json_populate_record` reads: dates in UTC to the microsecond.
    static func encode<Record: Encodable>(_ record: Record) throws -> String {
        String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    /// The keys a record's JSON holds (its nil values are left out): the columns to insert.
    static func presentColumns(_ json: String) throws -> [String] {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [] }
        return object.keys.sorted()
    }

    /// A column name as an SQL identifier (`key`, for one, is a keyword in some places).
    static func quoted(_ column: String) -> String {
        "\"" + column.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestampText(date))
        }
        return encoder
    }()

    /// `2026-12-07T03:50:00.123456Z`: what PostgreSQL keeps of a time (microseconds), cut
    /// exactly as PostgresNIO cuts a `Date` it binds (microseconds since 2000, toward zero), so that
    /// a time stored and the same time compared with it agree to the microsecond (a message due
    /// "now" is due at that same now; computing from 1970 instead differed by one now and then).
    static func timestampText(_ date: Date) -> String {
        let micros = Int64(date.timeIntervalSince(postgresEpoch) * 1_000_000)
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            seconds -= 1
            fraction += 1_000_000
        }
        let whole = postgresEpoch.addingTimeInterval(TimeInterval(seconds)).formatted(.iso8601)
        return String(whole.dropLast()) + "." + String(format: "%06d", fraction) + "Z"
    }

    /// PostgreSQL's own epoch, 2000-01-01 UTC.
    static let postgresEpoch = Date(timeIntervalSince1970: 946_684_800)

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = timestamp(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a PostgreSQL timestamp: \(text)")
            }
            return date
        }
        return decoder
    }()

    /// `row_to_json` writes a TIMESTAMPTZ as `2026-12-07T03:50:00.123456+00:00`, with no fraction
    /// when it is zero, and in the session's time zone (UTC, set at connection; a pooler may hand
    /// out a session set otherwise, so any offset reads). BC dates, years past 9999 and
    /// `infinity` are no time a calendar gives: nil, and the row is treated as unreadable.
    static func timestamp(_ text: String) -> Date? {
        let pattern = #/(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?/#
        guard let match = text.wholeMatch(of: pattern) else { return nil }
        let (_, clock, fractionDigits, sign, hours, minutes, seconds) = match.output
        guard let whole = try? Date(String(clock) + "Z", strategy: .iso8601) else { return nil }
        var date = whole
        if let digits = fractionDigits, let fraction = Int(digits) {
            date += Double(fraction) / pow(10, Double(digits.count))
        }
        let offset = (Int(hours) ?? 0) * 3_600 + (minutes.flatMap { Int($0) } ?? 0) * 60 + (seconds.flatMap { Int($0) } ?? 0)
        return date - Double(sign == "-" ? -offset : offset)
    }
}
