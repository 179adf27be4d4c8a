import Foundation

/// Twilio's timestamps, RFC 2822 in English: `Wed, 18 Aug 2021 20:01:19 +0000`. Parsed by hand
/// rather than with a `DateFormatter`, which is neither `Sendable` nor cheap to make per call.
enum RFC2822Date {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The instant of `text`, or nil when it is not `[Day, ]DD Mon YYYY HH:MM[:SS] ±HHMM|GMT|UT`.
    static func date(from text: String) -> Date? {
        var words = text.split(separator: " ")
        if let first = words.first, first.hasSuffix(",") { words.removeFirst() }
        guard words.count == 5,
              let day = Int(words[0]), let monthIndex = months.firstIndex(of: String(words[1])), let year = Int(words[2]),
              let offset = offsetSeconds(words[4])
        else { return nil }
        let clock = words[3].split(separator: ":").map { Int($0) }
        guard (2...3).contains(clock.count), !clock.contains(nil) else { return nil }
        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(secondsFromGMT: offset)
        (components.year, components.month, components.day) = (year, monthIndex + 1, day)
        (components.hour, components.minute, components.second) = (clock[0], clock[1], clock.count == 3 ? clock[2] : 0)
        guard components.isValidDate else { return nil }
        return components.date
    }

    /// `+0530` → 19800 seconds; `GMT` and `UT` are zero.
    private static func offsetSeconds(_ zone: Substring) -> Int? {
        if zone == "GMT" || zone == "UT" { return 0 }
        guard zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
              let hours = Int(zone.dropFirst().prefix(2)), let minutes = Int(zone.suffix(2))
        else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}

extension String {
    /// A phone number fit for logs: `+91******3210` (the `whatsapp:` prefix dropped).
    var maskedPhone: String {
        let number = hasPrefix("whatsapp:") ? dropFirst("whatsapp:".count) : Substring(self)
        let digits = number.drop { $0 == "+" }
        guard digits.count > 6 else { return "+" + String(repeating: "*", count: digits.count) }
        return "+" + digits.prefix(2) + String(repeating: "*", count: digits.count - 6) + digits.suffix(4)
    }
}
