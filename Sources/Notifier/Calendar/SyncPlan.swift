import Foundation

/// What one sync of one calendar found and decided, before anything is written. `sync --dry-run`
/// prints it; a real sync writes it in one transaction.
public struct SyncPlan: Sendable {
    public var calendarID: String
    /// The sync token the plan was made from; applying fails if another sync moved it meanwhile.
    var baseToken: String?
    public var wasFullSync: Bool
    /// Event rows to store, with what their attendees will have been told.
    var events: [StoredEvent]
    /// The messages to send, one per decided change.
    public var notices: [OutboxMessage]
    var state: SyncState
    /// Reschedules through Calendly, and the new events this plan claims for them.
    var ledger: RescheduleLedger
}
