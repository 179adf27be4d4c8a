import Foundation
import Synchronization

/// How a session's time reads in a message: `Tue 24 Nov, 3:00 PM (IST)`, in the event's zone.
public enum SessionTime {
    /// `date` as attendees read it, in `timeZone`, with the zone's common abbreviation.
    public static func text(_ date: Date, in timeZone: TimeZone) -> String {
        "\(formatted(date, "EEE d MMM, h:mm a", timeZone)) (\(abbreviation(of: timeZone, at: date)))"
    }

    /// The next starts of a repeating session in one phrase: `Tue 1 Dec, Tue 8 Dec and Tue 15 Dec
    /// at 3:00 PM (IST)`, or each with its time when they differ (`Tue 1 Dec at 3:00 PM and Wed 9 Dec
    /// at 5:00 PM (IST)`).
    public static func dates(_ starts: [Date], in timeZone: TimeZone) -> String {
        guard let first = starts.first else { return "" }
        func day(_ date: Date) -> String { formatted(date, "EEE d MMM", timeZone) }
        func time(_ date: Date) -> String { formatted(date, "h:mm a", timeZone) }
        let sameTime = Set(starts.map(time)).count == 1
        let parts = starts.map { sameTime ? day($0) : "\(day($0)) at \(time($0))" }
        let list = parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        return (sameTime ? "\(list) at \(time(first))" : list) + " (\(abbreviation(of: timeZone, at: first)))"
    }

    /// `date` in `format` (en_US_POSIX) and `timeZone`, with a formatter kept per format, zone and
    /// locale: making an ICU formatter was a fifth of the CPU a burst spent drafting messages.
    static func formatted(_ date: Date, _ format: String, _ timeZone: TimeZone, locale: String = "en_US_POSIX") -> String {
        let key = "\(locale)|\(timeZone.identifier)|\(format)"
        return formatters.withLock { formatters in
            let formatter = formatters[key] ?? {
                let made = DateFormatter()
                made.locale = Locale(identifier: locale)
                made.timeZone = timeZone
                made.dateFormat = format
                formatters[key] = made
                return made
            }()
            return formatter.string(from: date)
        }
    }

    /// One formatter per use; a few dozen at most (the formats here, times the zones of the calendars).
    private static let formatters = Mutex<[String: DateFormatter]>([:])

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
            let name = formatted(date, "zzz", timeZone, locale: locale)
            fallback = fallback ?? name
            if !name.hasPrefix("GMT"), !name.contains(" "), name.allSatisfy(\.isLetter) { return name }
        }
        return fallback ?? "UTC"
    }
}
