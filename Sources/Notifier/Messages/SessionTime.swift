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
