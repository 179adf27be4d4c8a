import Foundation

/// An Outlook event as the emulated Graph keeps it.
public struct OutlookEvent: Sendable, Equatable {
    public var id: String
    public var subject: String
    public var body: String
    public var location: String
    public var start: Date
    public var end: Date
    public var categories: [String] = []
    public var transactionId: String?
    public var changeKey = 1
    public var lastModified = Date()
    public var isDeleted = false
    /// The zone the host made it in, as Outlook names it.
    public var originalStartTimeZone = "UTC"
    /// `singleInstance`, `seriesMaster` (weekly, `weeks` times), `occurrence` or `exception`.
    public var type = "singleInstance"
    public var weeks = 0
    public var seriesMasterId: String?
    public var originalStart: Date?

    public var etag: String { "W/\"CQAAABYAAAA\(changeKey)\"" }
}

/// The mailboxes of the emulated tenant: their events (deleted ones kept for delta queries,
/// as Graph keeps a tombstone), master categories, and a change counter that delta tokens name.
actor MailboxStore {
    struct Mailbox {
        var events: [String: (event: OutlookEvent, change: Int)] = [:]
        var categories: [(name: String, color: String)] = []
    }

    private var mailboxes: [String: Mailbox] = [:]
    private var change = 0
    private var nextID = 1
    let pageSize: Int
    let onChange: @Sendable (String, String, String) -> Void

    /// `onChange(mailbox, eventID, changeType)` runs after every change (subscriptions).
    init(pageSize: Int, onChange: @escaping @Sendable (String, String, String) -> Void) {
        self.pageSize = pageSize
        self.onChange = onChange
    }

    func addMailbox(_ address: String) {
        if mailboxes[address.lowercased()] == nil { mailboxes[address.lowercased()] = Mailbox() }
    }

    func hasMailbox(_ address: String) -> Bool { mailboxes[address.lowercased()] != nil }

    var currentChange: Int { change }

    /// Delta tokens name the generation they were made in; a new one makes every earlier token
    /// answer `410`, as Graph does when it drops a sync state.
    private(set) var generation = 1

    func forgetDeltaTokens() { generation += 1 }

    func create(in mailbox: String, _ make: (String) -> OutlookEvent) throws(GraphErrorReply) -> OutlookEvent {
        guard mailboxes[mailbox.lowercased()] != nil else { throw .notFound("ErrorInvalidUser", "The requested user '\(mailbox)' is invalid.") }
        let id = "AAMkAG" + String(format: "%06d", nextID) + "AAA="
        nextID += 1
        return record(make(id), in: mailbox, type: "created")
    }

    func event(_ id: String, in mailbox: String) throws(GraphErrorReply) -> OutlookEvent {
        if let stored = mailboxes[mailbox.lowercased()]?.events[id] {
            guard !stored.event.isDeleted else { throw .notFound("ErrorItemNotFound", "The specified object was not found in the store.") }
            return stored.event
        }
        // An occurrence nobody has changed exists only as its series' rule.
        guard let occurrence = occurrence(id, in: mailbox) else {
            throw .notFound("ErrorItemNotFound", "The specified object was not found in the store.")
        }
        return occurrence
    }

    // MARK: Series

    /// Occurrence ids: the master's id and the occurrence's number (Graph's are opaque; these
    /// only need to be unique and stable).
    static func occurrenceID(_ masterID: String, _ index: Int) -> String { masterID + "_OCC\(index)" }

    /// The occurrences of `master` as its rule makes them (before any exception).
    static func expand(_ master: OutlookEvent) -> [OutlookEvent] {
        (0..<master.weeks).map { index in
            var occurrence = master
            occurrence.id = occurrenceID(master.id, index)
            occurrence.type = "occurrence"
            occurrence.seriesMasterId = master.id
            occurrence.start = master.start.addingTimeInterval(Double(index) * 7 * 86_400)
            occurrence.end = master.end.addingTimeInterval(Double(index) * 7 * 86_400)
            occurrence.originalStart = occurrence.start
            occurrence.weeks = 0
            return occurrence
        }
    }

    private func occurrence(_ id: String, in mailbox: String) -> OutlookEvent? {
        guard let range = id.range(of: "_OCC", options: .backwards),
              let master = mailboxes[mailbox.lowercased()]?.events[String(id[..<range.lowerBound])]?.event,
              master.type == "seriesMaster", !master.isDeleted else { return nil }
        return Self.expand(master).first { $0.id == id }
    }

    func byTransaction(_ transactionId: String, in mailbox: String) -> OutlookEvent? {
        mailboxes[mailbox.lowercased()]?.events.values.map(\.event).first { $0.transactionId == transactionId && !$0.isDeleted }
    }

    /// Applies `edit` when `ifMatch` (if any) is the event's etag.
    func edit(_ id: String, in mailbox: String, ifMatch: String?, deleting: Bool = false,
              _ edit: (inout OutlookEvent) -> Void) throws(GraphErrorReply) -> OutlookEvent {
        var event = try event(id, in: mailbox)
        // Changing one occurrence makes it an exception of its own, as Outlook does.
        if event.type == "occurrence" { event.type = "exception" }
        if let ifMatch, ifMatch != "*", ifMatch != event.etag {
            throw GraphErrorReply(status: 412, code: "ErrorIrresolvableConflict",
                                  message: "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.")
        }
        edit(&event)
        event.changeKey += 1
        event.lastModified = Date()
        event.isDeleted = deleting
        return record(event, in: mailbox, type: deleting ? "deleted" : "updated")
    }

    private func record(_ event: OutlookEvent, in mailbox: String, type: String) -> OutlookEvent {
        change += 1
        mailboxes[mailbox.lowercased()]?.events[event.id] = (event, change)
        onChange(mailbox.lowercased(), event.id, type)
        return event
    }

    /// Events in `window` changed after `since` (all live ones when `since` is nil), in change
    /// order, as `calendarView` gives them: a series as its occurrences (never its master), an
    /// exception in place of its occurrence; deleted ones (tombstones) only for an incremental query.
    func changes(in mailbox: String, window: DateInterval, since: Int?) throws(GraphErrorReply) -> [OutlookEvent] {
        guard let box = mailboxes[mailbox.lowercased()] else { throw .notFound("ErrorInvalidUser", "The requested user '\(mailbox)' is invalid.") }
        var found: [(event: OutlookEvent, change: Int)] = []
        for stored in box.events.values {
            switch stored.event.type {
            case "seriesMaster":
                guard stored.change > (since ?? 0) else { continue }
                for occurrence in Self.expand(stored.event) where box.events[occurrence.id] == nil {
                    var occurrence = occurrence
                    occurrence.isDeleted = stored.event.isDeleted
                    found.append((occurrence, stored.change))
                }
            default:
                guard stored.change > (since ?? 0) else { continue }
                found.append((stored.event, stored.change))
            }
        }
        // Incrementally, an event changed outside the window comes as removed, as Graph sends it.
        return found.compactMap { stored -> (event: OutlookEvent, change: Int)? in
            let inWindow = stored.event.start < window.end && stored.event.end > window.start
            if stored.event.isDeleted || !inWindow {
                guard since != nil else { return nil }
                var removed = stored
                removed.event.isDeleted = true
                return removed
            }
            return stored
        }.sorted { $0.change < $1.change }.map(\.event)
    }

    func busy(in mailbox: String, range: DateInterval) throws(GraphErrorReply) -> [OutlookEvent] {
        try changes(in: mailbox, window: range, since: nil)
    }

    func categories(of mailbox: String) throws(GraphErrorReply) -> [(name: String, color: String)] {
        guard let box = mailboxes[mailbox.lowercased()] else { throw .notFound("ErrorInvalidUser", "The requested user '\(mailbox)' is invalid.") }
        return box.categories
    }

    func addCategory(_ name: String, color: String, to mailbox: String) throws(GraphErrorReply) {
        guard mailboxes[mailbox.lowercased()] != nil else { throw .notFound("ErrorInvalidUser", "The requested user '\(mailbox)' is invalid.") }
        guard !(mailboxes[mailbox.lowercased()]?.categories.contains { $0.name.lowercased() == name.lowercased() } ?? false) else {
            throw GraphErrorReply(status: 409, code: "ErrorDuplicateCategory", message: "A category with the same name already exists.")
        }
        mailboxes[mailbox.lowercased()]?.categories.append((name, color))
    }

    /// Adds a weekly series of `weeks` occurrences.
    func createSeries(in mailbox: String, _ make: (String) -> OutlookEvent) throws(GraphErrorReply) -> OutlookEvent {
        try create(in: mailbox, make)
    }

    func allEvents(in mailbox: String) -> [OutlookEvent] {
        (mailboxes[mailbox.lowercased()]?.events.values.map(\.event) ?? []).filter { !$0.isDeleted }.sorted { $0.id < $1.id }
    }
}

/// Graph's error answer: `{"error": {"code", "message", "innerError": {"date", "request-id"}}}`.
struct GraphErrorReply: Error {
    let status: Int
    let code: String
    let message: String
    var retryAfter: Int?

    init(status: Int, code: String, message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    static func notFound(_ code: String, _ message: String) -> GraphErrorReply {
        GraphErrorReply(status: 404, code: code, message: message)
    }

    static func badRequest(_ message: String) -> GraphErrorReply {
        GraphErrorReply(status: 400, code: "ErrorInvalidRequest", message: message)
    }
}
