import Foundation

/// Rows come back as JSON (`row_to_json`) and are decoded with the records' own `Codable` keys,
/// which are the column names in both stores: one decoder for every record type.
enum PostgresRecords {
    static func decode<Record: Decodable>(_ type: Record.Type, json: String) throws -> Record {
        try decoder.decode(type, from: Data(json.utf8))
    }

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

    /// `row_to_json` writes a TIMESTAMPTZ as `2026-12-07T03:50:00.123456+00:00` (sessions run in
    /// UTC), with no fraction when it is zero; years beyond 9999 never reach the store.
    static func timestamp(_ text: String) -> Date? {
        let parts = text.split(separator: "+", maxSplits: 1)
        guard parts.count == 2, parts[1] == "00:00" || parts[1] == "00" else { return nil }
        let clock = parts[0].split(separator: ".", maxSplits: 1)
        guard let whole = try? Date(String(clock[0]) + "Z", strategy: .iso8601) else { return nil }
        guard clock.count == 2 else { return whole }
        let digits = clock[1]
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCII), let fraction = Int(digits) else { return nil }
        var scale = 1.0
        for _ in 0..<digits.count { scale *= 10 }
        return whole.addingTimeInterval(Double(fraction) / scale)
    }
}
