import Foundation

/// What one sync of one calendar found and decided, before anything is written. `sync --dry-run`
/// prints it; a real sync writes it in one transaction.
public struct SyncPlan: Sendable {
    public var calendarID: String
    /// The sync token the plan was made from; applying fails if another sync moved it meanwhile.
    package var baseToken: String?
    public var wasFullSync: Bool
    /// Event rows to store, as Google has them now.
    package var events: [StoredEvent]
    /// The messages to send, one per decided change and attendee.
    public var notices: [OutboxMessage]
    /// Messages not handed to Twilio yet that a later change replaces (they must still be pending
    /// when the plan is written, or the plan is made again).
    package var superseded: Set<Int64> = []
    package var state: SyncState
    /// Reschedules through Calendly, and the new events this plan claims for them.
    package var ledger: RescheduleLedger
}
