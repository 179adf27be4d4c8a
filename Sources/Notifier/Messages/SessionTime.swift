import Foundation

/// How a session's time reads in a message: `Tue 24 Nov, 3:00 PM (IST)`, in the event's zone.
public enum SessionTime {
    /// `date` as attendees read it, in `timeZone`, with the zone's common abbreviation.
    public static func text(_ date: Date, in timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE d MMM, h:mm a"
        return "\(formatter.string(from: date)) (\(abbreviation(of: timeZone, at: date)))"
    }

    /// The next starts of a repeating session in one phrase: `Tue 1 Dec, Tue 8 Dec and Tue 15 Dec
    /// at 3:00 PM (IST)`, or each with its time when they differ (`Tue 1 Dec at 3:00 PM and Wed 9 Dec
    /// at 5:00 PM (IST)`).
    public static func dates(_ starts: [Date], in timeZone: TimeZone) -> String {
        guard let first = starts.first else { return "" }
        let day = formatter("EEE d MMM", timeZone), time = formatter("h:mm a", timeZone)
        let sameTime = Set(starts.map { time.string(from: $0) }).count == 1
        let parts = starts.map { sameTime ? day.string(from: $0) : "\(day.string(from: $0)) at \(time.string(from: $0))" }
        let list = parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        return (sameTime ? "\(list) at \(time.string(from: first))" : list) + " (\(abbreviation(of: timeZone, at: first)))"
    }

    private static func formatter(_ format: String, _ timeZone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = format
        return formatter
    }

    /// The zone named by `identifier`, or UTC when it is missing or unknown to this system.
    public static func zone(_ identifier: String?) -> TimeZone {
        identifier.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
    }

    /// ICU knows each zone's everyday abbreviation only in the locales that use it (IST in en_IN,
    /// AEDT in en_AU, CET in en_GB); elsewhere it writes "GMT+5:30". Take the first real one.
    static func abbreviation(of timeZone: TimeZone, at date: Date) -> String {
        // Foundation names UTC "GMT"; attendees of a calendar set to UTC expect "UTC".
        if ["UTC", "Etc/UTC", "GMT", "Etc/GMT"].contains(timeZone.identifier) { return "UTC" }
        var fallback: String?
        for locale in ["en_US", "en_GB", "en_IN", "en_AU"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: locale)
            formatter.timeZone = timeZone
            formatter.dateFormat = "zzz"
            let name = formatter.string(from: date)
            fallback = fallback ?? name
            if !name.hasPrefix("GMT"), !name.contains(" "), name.allSatisfy(\.isLetter) { return name }
        }
        return fallback ?? "UTC"
    }
}
