import GRDB

/// A stored value that does not read: a date typed by hand with a five-digit year, a number
/// column holding text. GRDB's own error describes the whole row and its statement's arguments
/// (the attendee's number, the session's title, the message's text), and that description would
/// reach the log and the outbox's `error` column. This one says only the table, the column, and
/// the type it is not.
public struct UnreadableRow: Error, CustomStringConvertible {
    public let table: String
    public let column: String
    /// What the value is not: `Date`, `Int`, a state.
    public let expected: String

    public var description: String {
        "a row of \(table) cannot be read: its \(column) is not a valid \(expected)"
    }
}

/// Reads a record's columns one by one, with the same fast reads GRDB's decoder makes of strings,
/// numbers and dates, and turns a value that does not read into an `UnreadableRow`.
struct RowReader<Key: CodingKey> {
    let row: Row
    let table: String

    func value<Value: DatabaseValueConvertible>(_ column: Key) throws -> Value {
        try reading(column, as: Value.self) { try row.decode(Value.self, forColumn: column.stringValue) }
    }

    func optional<Value: DatabaseValueConvertible>(_ column: Key) throws -> Value? {
        try reading(column, as: Value.self) { try row.decode(Value?.self, forColumn: column.stringValue) }
    }

    // Strings, numbers and dates read straight from SQLite's column, not through a `DatabaseValue`.
    func value<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ column: Key) throws -> Value {
        try reading(column, as: Value.self) { try row.decode(Value.self, forColumn: column.stringValue) }
    }

    func optional<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ column: Key) throws -> Value? {
        try reading(column, as: Value.self) { try row.decode(Value?.self, forColumn: column.stringValue) }
    }

    private func reading<Value, Read>(_ column: Key, as _: Value.Type, _ read: () throws -> Read) throws -> Read {
        do {
            return try read()
        } catch is RowDecodingError {
            throw UnreadableRow(table: table, column: column.stringValue, expected: "\(Value.self)")
        }
    }
}
