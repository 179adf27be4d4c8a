import Foundation
import GRDB

extension OutboxMessage {
    /// Read column by column rather than through `Decodable` (`RowReader`): every message of a
    /// burst is read twice (due, then again as its attempt begins), and GRDB's keyed decoding
    /// containers were a fortieth of the burst. A value that does not read throws, as decoding
    /// did, so an unreadable row is still repaired (`readRepairing`) and never stops the process;
    /// the error names the column only (`UnreadableRow`), never the row's number or text.
    public init(row: Row) throws {
        let read = RowReader<CodingKeys>(row: row, table: Self.databaseTableName)
        self.init(
            id: try read.optional(.id), calendarID: try read.value(.calendarID), eventID: try read.value(.eventID),
            noticeKey: try read.value(.noticeKey), kind: try read.value(.kind), phone: try read.value(.phone), summary: try read.value(.summary),
            startAt: try read.value(.startAt), previousStartAt: try read.optional(.previousStartAt), timeZone: try read.optional(.timeZone),
            sequence: try read.value(.sequence), state: try read.value(.state), twilioSID: try read.optional(.twilioSID),
            attempts: try read.value(.attempts), nextAttemptAt: try read.value(.nextAttemptAt), lastAttemptAt: try read.optional(.lastAttemptAt),
            error: try read.optional(.error), createdAt: try read.value(.createdAt), body: try read.optional(.body),
            contentSID: try read.optional(.contentSID), contentVariables: try read.optional(.contentVariables),
            cancelCode: try read.optional(.cancelCode), rescheduleCode: try read.optional(.rescheduleCode), bookCode: try read.optional(.bookCode),
            writebackDue: try read.value(.writebackDue), forGroup: try read.value(.forGroup), aboutSeries: try read.value(.aboutSeries),
            seriesDates: try read.optional(.seriesDates), seriesStarts: try read.optional(.seriesStarts), language: try read.optional(.language))
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
