import Foundation

extension EventListRequest {
    /// Parameters Google refuses next to a `syncToken`, since they would change what "changed" means.
    static let restrictionsForbiddenWithSyncToken = [
        "timeMin", "timeMax", "q", "orderBy", "updatedMin", "iCalUID", "privateExtendedProperty",
        "sharedExtendedProperty",
    ]

    /// Reads and checks the query of `GET /calendars/{id}/events` as Google does.
    init(query: [String: String]) throws(GoogleErrorReply) {
        let value = { (name: String) in query[name] }
        syncToken = value("syncToken")
        pageToken = value("pageToken")
        showDeleted = value("showDeleted") == "true"
        if syncToken != nil {
            let restricted = Self.restrictionsForbiddenWithSyncToken.contains { value($0) != nil }
            if restricted || value("showDeleted") == "false" {
                throw .badRequest("Sync token cannot be used with other request restrictions.", reason: "invalid")
            }
        }
        timeMin = try value("timeMin").map { text throws(GoogleErrorReply) in try Self.instant(text) }
        timeMax = try value("timeMax").map { text throws(GoogleErrorReply) in try Self.instant(text) }
        if let text = value("maxResults") {
            guard let count = Int(text), count > 0 else { throw .badRequest("Invalid value for maxResults: \(text)") }
            maxResults = min(count, 2500)
        }
    }

    private static func instant(_ text: String) throws(GoogleErrorReply) -> Date {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        throw .badRequest("Bad Request: \(text) is not an RFC 3339 timestamp")
    }
}
