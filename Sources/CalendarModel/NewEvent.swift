/// A new event, as the built-in booking page inserts it.
public struct NewEvent: Encodable, Sendable, Equatable {
    /// Chosen by the caller (base32hex), so that a retried insert cannot make a second event.
    public var id: String
    public var summary: String
    public var description: String?
    public var location: String?
    public var start: EventTime
    public var end: EventTime

    public init(id: String, summary: String, description: String?, location: String?, start: EventTime, end: EventTime) {
        self.id = id
        self.summary = summary
        self.description = description
        self.location = location
        self.start = start
        self.end = end
    }
}
