import Foundation
import Synchronization

/// How a session's time reads in a message: `Tue 24 Nov, 3:00 PM (IST)`, in the event's zone.
public enum SessionTime {
    /// `date` as attendees read it, in `timeZone`, with the zone's common abbreviation; in another
    /// language, in that language's own order and words (`ter., 24 de nov., 15:00 (BRT)`).
    public static func text(_ date: Date, in timeZone: TimeZone, language: Language = .english) -> String {
        "\(formatted(date, pattern(.dayAndTime, language), timeZone, locale: locale(language))) (\(abbreviation(of: timeZone, at: date, language: language)))"
    }

    /// What a date shows: weekday, day and month; and the time.
    enum Part {
        case dayAndTime, day, time

        var englishFormat: String {
            switch self {
            case .dayAndTime: "EEE d MMM, h:mm a"
            case .day: "EEE d MMM"
            case .time: "h:mm a"
            }
        }

        var skeleton: String {
            switch self {
            case .dayAndTime: "EEEdMMMjmm"
            case .day: "EEEdMMM"
            case .time: "jmm"
            }
        }
    }

    /// English keeps its fixed form (DESIGN.md §6); other languages take ICU's pattern for the parts.
    static func pattern(_ part: Part, _ language: Language) -> String {
        guard language != .english else { return part.englishFormat }
        let key = "\(language.code)|\(part.skeleton)"
        return patterns.withLock { patterns in
            if let known = patterns[key] { return known }
            let made = DateFormatter.dateFormat(fromTemplate: part.skeleton, options: 0, locale: Locale(identifier: language.localeIdentifier))
                ?? part.englishFormat
            patterns[key] = made
            return made
        }
    }

    private static let patterns = Mutex<[String: String]>([:])

    private static func locale(_ language: Language) -> String {
        language == .english ? "en_US_POSIX" : language.localeIdentifier
    }

    /// The next starts of a repeating session in one phrase: `Tue 1 Dec, Tue 8 Dec and Tue 15 Dec
    /// at 3:00 PM (IST)`, or each with its time when they differ (`Tue 1 Dec at 3:00 PM and Wed 9 Dec
    /// at 5:00 PM (IST)`).
    /// In another language, its words for "and" and "at" come from `templates` (`dates.*`).
    public static func dates(_ starts: [Date], in timeZone: TimeZone, language: Language = .english,
                             templates: MessageTemplates = .builtIn) -> String {
        guard let first = starts.first else { return "" }
        func day(_ date: Date) -> String { formatted(date, pattern(.day, language), timeZone, locale: locale(language)) }
        func time(_ date: Date) -> String { formatted(date, pattern(.time, language), timeZone, locale: locale(language)) }
        func phrase(_ key: String, _ values: [String: Any]) -> String { templates.text(key, values, in: language) }
        let sameTime = Set(starts.map(time)).count == 1
        let parts = starts.map { sameTime ? day($0) : phrase("dates.day_at", ["day": day($0), "time": time($0)]) }
        let list = parts.count == 1 ? parts[0] : phrase("dates.list", ["first": parts.dropLast().joined(separator: ", "), "last": parts.last!])
        return (sameTime ? phrase("dates.same_time", ["days": list, "time": time(first)]) : list)
            + " (\(abbreviation(of: timeZone, at: first, language: language)))"
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
    /// A language's own abbreviation comes first (`BRT` in Portuguese, `MEZ` in German).
    static func abbreviation(of timeZone: TimeZone, at date: Date, language: Language = .english) -> String {
        // Foundation names UTC "GMT"; attendees of a calendar set to UTC expect "UTC".
        if ["UTC", "Etc/UTC", "GMT", "Etc/GMT"].contains(timeZone.identifier) { return "UTC" }
        var fallback: String?
        let own = language == .english ? [] : [language.localeIdentifier]
        for locale in own + ["en_US", "en_GB", "en_IN", "en_AU"] {
            let name = formatted(date, "zzz", timeZone, locale: locale)
            fallback = fallback ?? name
            if !name.hasPrefix("GMT"), !name.contains(" "), name.allSatisfy(\.isLetter) { return name }
        }
        return fallback ?? "UTC"
    }
}
