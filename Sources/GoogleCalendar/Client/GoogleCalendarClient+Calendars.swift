import Foundation

extension GoogleCalendarClient {
    /// Event colour ids and their background colours, e.g. `"10": "#51b749"`.
    public func colors() async throws -> [String: String] {
        try decode(EventColors.self, from: await call("GET", "/colors")).backgrounds
    }

    /// A calendar's metadata, chiefly its time zone.
    public func calendar(id: String) async throws -> CalendarInfo {
        try decode(CalendarInfo.self, from: await call("GET", "/calendars/\(id.urlComponentEncoded)"))
    }
}

/// `GET /colors`: the palette, of which only event colours matter here.
struct EventColors: Decodable {
    struct Color: Decodable {
        let background: String
    }

    let event: [String: Color]

    var backgrounds: [String: String] { event.mapValues(\.background) }
}
