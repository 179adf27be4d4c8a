import Foundation
import GRDB

extension OutboxMessage {
    /// Read column by column rather than through `Decodable` (with the same fast reads GRDB's
    /// decoder makes of strings, numbers and dates): every message of a burst is read
    /// twice (due, then again as its attempt begins), and GRDB's keyed decoding containers were a
    /// fortieth of the burst. A value that does not read throws, as decoding did, so an
    /// unreadable row is still repaired (`readRepairing`) and never stops the process.
    public init(row: Row) throws {
        typealias Key = CodingKeys
        func value<Value: DatabaseValueConvertible>(_ key: Key) throws -> Value {
            try row.decode(Value.self, forColumn: key.stringValue)
        }
        func optional<Value: DatabaseValueConvertible>(_ key: Key) throws -> Value? {
            try row.decode(Value?.self, forColumn: key.stringValue)
        }
        // Strings, numbers and dates read straight from SQLite's column, not through a `DatabaseValue`.
        func value<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ key: Key) throws -> Value {
            try row.decode(Value.self, forColumn: key.stringValue)
        }
        func optional<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ key: Key) throws -> Value? {
            try row.decode(Value?.self, forColumn: key.stringValue)
        }
        self.init(
            id: try optional(.id), calendarID: try value(.calendarID), eventID: try value(.eventID),
            noticeKey: try value(.noticeKey), kind: try value(.kind), phone: try value(.phone), summary: try value(.summary),
            startAt: try value(.startAt), previousStartAt: try optional(.previousStartAt), timeZone: try optional(.timeZone),
            sequence: try value(.sequence), state: try value(.state), twilioSID: try optional(.twilioSID),
            attempts: try value(.attempts), nextAttemptAt: try value(.nextAttemptAt), lastAttemptAt: try optional(.lastAttemptAt),
            error: try optional(.error), createdAt: try value(.createdAt), body: try optional(.body),
            contentSID: try optional(.contentSID), contentVariables: try optional(.contentVariables),
            cancelCode: try optional(.cancelCode), rescheduleCode: try optional(.rescheduleCode), bookCode: try optional(.bookCode),
            writebackDue: try value(.writebackDue), forGroup: try value(.forGroup), aboutSeries: try value(.aboutSeries),
            seriesDates: try optional(.seriesDates), seriesStarts: try optional(.seriesStarts), language: try optional(.language))
    }

    /// Written column by column, for the same reason: a sync inserts every message it decides
    /// through here, and GRDB's keyed encoding containers were a fiftieth of a burst. Dates as
    /// GRDB writes them (`StoredDate`); the round trip is tested field by field.
    public func encode(to container: inout PersistenceContainer) throws {
        let columns: KeyValuePairs<CodingKeys, (any DatabaseValueConvertible)?> = [
            .id: id, .calendarID: calendarID, .eventID: eventID, .noticeKey: noticeKey, .kind: kind, .phone: phone,
            .summary: summary, .startAt: StoredDate(startAt), .previousStartAt: previousStartAt.map(StoredDate.init),
            .timeZone: timeZone, .sequence: sequence, .state: state, .twilioSID: twilioSID, .attempts: attempts,
            .nextAttemptAt: StoredDate(nextAttemptAt), .lastAttemptAt: lastAttemptAt.map(StoredDate.init), .error: error,
            .createdAt: StoredDate(createdAt), .body: body, .contentSID: contentSID, .contentVariables: contentVariables,
            .cancelCode: cancelCode, .rescheduleCode: rescheduleCode, .bookCode: bookCode, .writebackDue: writebackDue,
            .forGroup: forGroup, .aboutSeries: aboutSeries, .seriesDates: seriesDates, .seriesStarts: seriesStarts,
            .language: language,
        ]
        for (key, value) in columns { container[key.stringValue] = value }
    }
}
