import Foundation

/// "Add to calendar" for one session (issue 25): a Google Calendar "add" link and a one-session
/// `.ics` download (Apple Calendar, Outlook). The attendee's whole feed is offered as a `webcal://`
/// subscription beside it, where the page knows it.
struct AddToCalendar {
    let summary: String
    let start: Date
    let length: TimeInterval
    /// This service's one-session `.ics` for the link (`…/{token}/session.ics`), read from Google.
    let ics: String
    var feed: String? = nil

    /// `20261209T100000Z`, as Google's template link writes its dates.
    static func compact(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    var google: String {
        var components = URLComponents(string: "https://calendar.google.com/calendar/render")!
        components.queryItems = [
            URLQueryItem(name: "action", value: "TEMPLATE"), URLQueryItem(name: "text", value: summary),
            URLQueryItem(name: "dates", value: Self.compact(start) + "/" + Self.compact(start.addingTimeInterval(length))),
        ]
        return components.string ?? ""
    }


    /// `webcal://host/calendar/{code}.ics`: calendar apps subscribe to it (an `https` link downloads).
    static func webcal(_ feed: String) -> String {
        feed.hasPrefix("https://") ? "webcal://" + feed.dropFirst("https://".count)
            : feed.hasPrefix("http://") ? "webcal://" + feed.dropFirst("http://".count) : feed
    }

    var values: [String: Any] {
        var values: [String: Any] = ["google": google, "ics": ics]
        if let feed { values["subscribe"] = Self.webcal(feed); values["feed"] = feed }
        return values
    }
}
