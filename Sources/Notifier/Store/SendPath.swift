import GRDB

/// The statements every message of a burst runs (`beginAttempt`, `settle`), named from the
/// records' `Columns` and prepared once per connection (`Database.cachedStatement`).
enum SendPath {
    private typealias Outbox = OutboxMessage.Columns
    private static let outbox = OutboxMessage.databaseTableName

    static let messageSQL = "SELECT * FROM \(outbox) WHERE \(Outbox.id.name) = ?"

    static let optedOutSQL = "SELECT EXISTS (SELECT 1 FROM \(OptOut.databaseTableName) WHERE \(OptOut.Columns.phone.name) = ?)"

    static let linkSQL: String = {
        let columns = [ShortLink.CodingKeys.code, .target, .calendarID, .eventID, .createdAt].map(\.stringValue)
        return "INSERT INTO \(ShortLink.databaseTableName) (\(columns.joined(separator: ", "))) VALUES (?, ?, ?, ?, ?)"
    }()

    /// A first attempt fixes the text, template, language and link codes; every attempt counts.
    static let beginSQL: String = {
        let set = [Outbox.state, Outbox.attempts, Outbox.lastAttemptAt, Outbox.body, Outbox.contentSID, Outbox.contentVariables,
                   Outbox.language, Outbox.cancelCode, Outbox.rescheduleCode, Outbox.bookCode]
        return "UPDATE \(outbox) SET \(set.map { "\($0.name) = ?" }.joined(separator: ", ")) WHERE \(Outbox.id.name) = ?"
    }()

    /// The provider accepted the message (`queued`, with its id). The arguments: the id, the
    /// state, the id, the error, whether the calendar is to show it, the id, the row. A row that
    /// reports on this same id took further already keeps its state and error: Meta's statuses
    /// can name the row before the send's answer comes, and they apply to it at once. A row
    /// that carries another id (an earlier attempt's, whose late status came during this one)
    /// starts again from `queued`, as this id's own reports will move it.
    static let acceptSQL: String = {
        let reported = OutboxMessage.State.allCases.filter { $0.deliveryRank > OutboxMessage.State.queued.deliveryRank }
        let further = "\(OutboxMessage.State.sqlAnyOf(reported)) AND \(Outbox.twilioSID.name) = ?"
        return "UPDATE \(outbox) SET \(Outbox.state.name) = CASE WHEN \(further) THEN \(Outbox.state.name) ELSE ? END, "
            + "\(Outbox.error.name) = CASE WHEN \(further) THEN \(Outbox.error.name) ELSE ? END, \(Outbox.writebackDue.name) = ?, "
            + "\(Outbox.twilioSID.name) = COALESCE(?, \(Outbox.twilioSID.name)) WHERE \(Outbox.id.name) = ?"
    }()

    /// The provider's answer: state, error, whether the calendar is to show it, and the provider's
    /// id when there is one (a nil keeps the one stored).
    static let settleSQL = """
        UPDATE \(outbox) SET \(Outbox.state.name) = ?, \(Outbox.error.name) = ?, \(Outbox.writebackDue.name) = ?,
        \(Outbox.twilioSID.name) = COALESCE(?, \(Outbox.twilioSID.name)) WHERE \(Outbox.id.name) = ?
        """
}
