import Foundation

/// The body of `PATCH …/events/{id}`: only the fields present change, and `null` clears one.
struct EventPatchBody: Sendable {
    /// A field that the body left out, or set (to nil when it sent `null`).
    enum Field<Value: Sendable>: Sendable {
        case unchanged
        case set(Value?)
    }

    var summary: Field<String> = .unchanged
    var description: Field<String> = .unchanged
    var location: Field<String> = .unchanged
    var colorId: Field<String> = .unchanged
    var start: EmulatedTime?
    var end: EmulatedTime?

    init(json: Data) throws(GoogleErrorReply) {
        guard let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else {
            throw .badRequest("Parse Error", reason: "parseError")
        }
        summary = try Self.text(object, "summary")
        description = try Self.text(object, "description")
        location = try Self.text(object, "location")
        colorId = try Self.text(object, "colorId")
        start = try object["start"].map { value throws(GoogleErrorReply) in try Self.time(value) }
        end = try object["end"].map { value throws(GoogleErrorReply) in try Self.time(value) }
    }

    func apply(to event: inout EmulatedEvent) {
        if case .set(let value) = summary { event.summary = value ?? "" }
        if case .set(let value) = description { event.description = value }
        if case .set(let value) = location { event.location = value }
        if case .set(let value) = colorId { event.colorId = value }
        if let start { event.start = start }
        if let end { event.end = end }
    }

    private static func text(_ object: [String: Any], _ key: String) throws(GoogleErrorReply) -> Field<String> {
        switch object[key] {
        case nil: .unchanged
        case is NSNull: .set(nil)
        case let text as String: .set(text)
        default: throw .badRequest("Invalid value for \(key)")
        }
    }

    private static func time(_ value: Any) throws(GoogleErrorReply) -> EmulatedTime {
        guard let fields = value as? [String: Any] else { throw .badRequest("Invalid start or end") }
        if let day = fields["date"] as? String { return .allDay(day) }
        guard let text = fields["dateTime"] as? String,
              let instant = (try? Date(text, strategy: .iso8601))
        else { throw .badRequest("Invalid start or end time") }
        return .timed(instant, timeZone: fields["timeZone"] as? String ?? "UTC")
    }
}

/// `GET /colors`, as Google answers it (10 is green, 11 red).
enum EmulatedColors {
    static let json = """
        {"kind":"calendar#colors","updated":"2012-02-14T00:00:00.000Z",\
        "calendar":{"1":{"background":"#ac725e","foreground":"#1d1d1d"},"2":{"background":"#d06b64","foreground":"#1d1d1d"}},\
        "event":{"1":{"background":"#a4bdfc","foreground":"#1d1d1d"},"2":{"background":"#7ae7bf","foreground":"#1d1d1d"},\
        "3":{"background":"#dbadff","foreground":"#1d1d1d"},"4":{"background":"#ff887c","foreground":"#1d1d1d"},\
        "5":{"background":"#fbd75b","foreground":"#1d1d1d"},"6":{"background":"#ffb878","foreground":"#1d1d1d"},\
        "7":{"background":"#46d6db","foreground":"#1d1d1d"},"8":{"background":"#e1e1e1","foreground":"#1d1d1d"},\
        "9":{"background":"#5484ed","foreground":"#1d1d1d"},"10":{"background":"#51b749","foreground":"#1d1d1d"},\
        "11":{"background":"#dc2127","foreground":"#1d1d1d"}}}
        """
}
