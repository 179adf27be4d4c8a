import GRDB

/// The statements every event's write-back runs (`annotationSource`, `finishWriteBack`), named
/// from the records' `Columns` and prepared once per connection (`Database.cachedStatement`), as
/// `SendPath`'s are: built through the query interface they were a fifth of a write-back's CPU,
/// most of it making and authorizing the same SQL again for every event.
enum WriteBackPath {
    private typealias Outbox = OutboxMessage.Columns
    private typealias Event = StoredEvent.Columns
    private static let outbox = OutboxMessage.databaseTableName
    private static let events = StoredEvent.databaseTableName
    private static let ofEvent = "\(Outbox.calendarID.name) = ? AND \(Outbox.eventID.name) = ?"

    /// The event's messages whose outcome is known, oldest first: the calendar ID, the event ID.
    static let settledSQL: String = {
        let open = OutboxMessage.State.sqlAnyOf([.pending, .sending, .unknown])
        return "SELECT * FROM \(outbox) WHERE \(ofEvent) AND NOT \(open) ORDER BY \(Outbox.id.name)"
    }()

    static let eventSQL = "SELECT * FROM \(events) WHERE \(Event.calendarID.name) = ? AND \(Event.eventID.name) = ?"

    static let confirmationsSQL = """
        SELECT * FROM \(Confirmation.databaseTableName) WHERE \(Confirmation.Columns.calendarID.name) = ? \
        AND \(Confirmation.Columns.eventID.name) = ?
        """

    /// The event as the write-back left it: description, colour, etag, updated; the calendar ID,
    /// the event ID.
    static let writtenSQL = """
        UPDATE \(events) SET \(Event.description.name) = ?, \(Event.colorID.name) = ?, \(Event.etag.name) = ?, \
        \(Event.updatedAt.name) = ? WHERE \(Event.calendarID.name) = ? AND \(Event.eventID.name) = ?
        """

    /// An attendee's messages up to the one shown, no longer due: the calendar ID, the event ID,
    /// the number, the shown message's id twice and its state (a report that moved it on since
    /// keeps it due). Not `id < ? OR (id = ? AND …)`: SQLite would look rows up both ways and
    /// build a temporary table to join them, for every event.
    static let shownSQL = """
        UPDATE \(outbox) SET \(Outbox.writebackDue.name) = 0 WHERE \(ofEvent) AND \(Outbox.phone.name) = ? \
        AND \(Outbox.id.name) <= ? AND (\(Outbox.id.name) < ? OR \(Outbox.state.name) = ?)
        """

    /// The location problem shown, unless the sync changed it since: the problem, the calendar
    /// ID, the event ID, the problem.
    static let problemShownSQL = """
        UPDATE \(events) SET \(Event.problemShown.name) = ? WHERE \(Event.calendarID.name) = ? \
        AND \(Event.eventID.name) = ? AND \(Event.locationProblem.name) IS ?
        """
}
