/// The fields of an event this service changes; only those set are sent, so a host editing
/// anything else at the same moment loses nothing. Each calendar source writes it in its own terms.
public struct EventPatch: Encodable, Sendable, Equatable {
    public var summary: String?
    public var description: String?
    public var location: String?
    public var colorId: String?
    /// A move: both are set together.
    public var start: EventTime?
    public var end: EventTime?

    public init(summary: String? = nil, description: String? = nil, location: String? = nil, colorId: String? = nil,
                start: EventTime? = nil, end: EventTime? = nil) {
        self.summary = summary
        self.description = description
        self.location = location
        self.colorId = colorId
        self.start = start
        self.end = end
    }
}
