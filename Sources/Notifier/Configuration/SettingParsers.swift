import ClientSupport
import Fernet
import Foundation
import GoogleCalendar
import Logging

/// Turns the text of one setting into its typed value, or says in a few words what is wrong.
enum SettingParsers {
    /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…`, every mistake named.
    static func databaseURL(_ text: String) throws(InvalidSetting) -> PostgresLocation {
        do throws(PostgresLocationError) {
            return try PostgresLocation(url: text)
        } catch {
            throw InvalidSetting(error.problems.joined(separator: "; "))
        }
    }

    /// `30s`, `2m`, `1h`, `1d`, or a sum such as `1h30m`; always positive.
    static func duration(_ text: String) throws(InvalidSetting) -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        var seconds: Int64 = 0, number = "", sawUnit = false
        for character in text.lowercased() {
            if character.isASCII, character.isNumber {
                number.append(character)
            } else if let unit = units[character], let value = Int64(number), value <= 1_000_000 {
                seconds += value * unit
                number = ""
                sawUnit = true
            } else {
                throw InvalidSetting("is not a duration such as 30s, 2m, 1h or 1d")
            }
        }
        guard number.isEmpty, sawUnit else { throw InvalidSetting("is not a duration such as 30s, 2m, 1h or 1d (a unit is required)") }
        guard seconds > 0 else { throw InvalidSetting("must be longer than zero") }
        return .seconds(seconds)
    }

    /// A comma-separated list of distinct durations, longest first, e.g. `24h,1h`.
    static func durations(_ text: String) throws(InvalidSetting) -> [Duration] {
        var result: [Duration] = []
        for item in list(text) { result.append(try duration(item)) }
        guard Set(result).count == result.count else { throw InvalidSetting("lists the same offset twice") }
        return result.sorted(by: >)
    }

    /// An absolute http(s) URL without query or fragment; a trailing `/` is dropped so paths can be appended.
    static func baseURL(_ text: String) throws(InvalidSetting) -> URL {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = components.host, !host.isEmpty
        else { throw InvalidSetting("is not an absolute http(s) URL") }
        guard components.query == nil, components.fragment == nil
        else { throw InvalidSetting("must not have a query or fragment") }
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let url = URL(string: trimmed) else { throw InvalidSetting("is not an absolute http(s) URL") }
        return url
    }

    /// An absolute http(s) URL, query allowed (a Calendly page may carry one).
    static func pageURL(_ text: String) throws(InvalidSetting) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              ["http", "https"].contains(scheme), url.host?.isEmpty == false
        else { throw InvalidSetting("is not an absolute http(s) URL") }
        return url
    }

    /// An E.164 number such as `+14155238886`; a `whatsapp:` prefix is tolerated.
    static func phoneNumber(_ text: String) throws(InvalidSetting) -> PhoneNumber {
        var digits = text.hasPrefix("whatsapp:") ? String(text.dropFirst("whatsapp:".count)) : text
        digits.removeAll { $0 == " " || $0 == "-" }
        guard let number = PhoneNumber(e164: digits) else {
            throw InvalidSetting("is not an E.164 number such as +14155238886")
        }
        return number
    }

    static func callingCode(_ text: String) throws(InvalidSetting) -> CallingCode {
        guard let code = CallingCode(setting: text) else {
            throw InvalidSetting("is neither a known region code (IN, US, GB…) nor a calling code (+91)")
        }
        return code
    }

    /// One or more Fernet keys separated by commas.
    static func fernetKeys(_ text: String) throws(InvalidSetting) -> [FernetKey] {
        var keys: [FernetKey] = []
        for (index, item) in list(text).enumerated() {
            guard let key = try? FernetKey(base64URL: item) else {
                throw InvalidSetting("key \(index + 1) is not a Fernet key (32 bytes in URL-safe base64; make one with `gcal-whatsapp fernet-key`)")
            }
            keys.append(key)
        }
        guard !keys.isEmpty else { throw InvalidSetting("holds no key") }
        return keys
    }

    static func serviceAccountKey(json: Data) throws(InvalidSetting) -> ServiceAccountKey {
        do {
            return try ServiceAccountKey(json: json)
        } catch {
            throw InvalidSetting(error.description)
        }
    }

    /// A Twilio SID: two letters such as `AC` and 32 hexadecimal digits.
    static func twilioSID(prefix: String) -> (String) throws(InvalidSetting) -> String {
        { text throws(InvalidSetting) in
            let hex = text.dropFirst(prefix.count)
            guard text.hasPrefix(prefix), hex.count == 32, hex.allSatisfy(\.isHexDigit) else {
                throw InvalidSetting("is not a Twilio SID (\(prefix) followed by 32 hexadecimal digits)")
            }
            return text
        }
    }

    /// `TRUSTED_PROXIES`: addresses or CIDR blocks, comma-separated, or `none`.
    static func trustedProxies(_ text: String) throws(InvalidSetting) -> TrustedProxies {
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "none" { return .none }
        var ranges: [IPRange] = []
        for entry in list(text) {
            guard let range = IPRange(entry) else {
                throw InvalidSetting("has \"\(entry)\", which is not an IP address or CIDR block (such as 127.0.0.1 or 10.0.0.0/8)")
            }
            ranges.append(range)
        }
        guard !ranges.isEmpty else { throw InvalidSetting("is empty; write none to trust no proxy") }
        return TrustedProxies(ranges)
    }

    static func port(_ text: String) throws(InvalidSetting) -> Int {
        guard let port = Int(text), (0...65_535).contains(port) else { throw InvalidSetting("is not a port number (0–65535)") }
        return port
    }

    /// A whole number in `range`, for counts and rates.
    static func count(in range: ClosedRange<Int>) -> (String) throws(InvalidSetting) -> Int {
        { text throws(InvalidSetting) in
            guard let value = Int(text), range.contains(value) else {
                throw InvalidSetting("is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
    }

    /// A Google Calendar event colour, `1` to `11` (see `GET /colors`).
    static func colorID(_ text: String) throws(InvalidSetting) -> String {
        guard let id = Int(text), (1...11).contains(id) else { throw InvalidSetting("is not an event colour id (1–11)") }
        return String(id)
    }

    static func toggle(_ text: String) throws(InvalidSetting) -> Bool {
        switch text.lowercased() {
        case "on", "true", "yes", "1": return true
        case "off", "false", "no", "0": return false
        default: throw InvalidSetting("must be on or off")
        }
    }

    static func logLevel(_ text: String) throws(InvalidSetting) -> Logger.Level {
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw InvalidSetting("must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return level
    }

    static func bookingHours(_ text: String) throws(InvalidSetting) -> BookingHours {
        do {
            return try BookingHours(parsing: text)
        } catch {
            throw InvalidSetting("\(error.description) (e.g. Mon-Fri 09:00-17:00, Sat 10:00-13:00)")
        }
    }

    static func logFormat(_ text: String) throws(InvalidSetting) -> LogFormat {
        guard let format = LogFormat(rawValue: text.lowercased()) else { throw InvalidSetting("must be text or json") }
        return format
    }

    static func nonEmptyList(_ text: String) throws(InvalidSetting) -> [String] {
        let items = list(text)
        guard !items.isEmpty else { throw InvalidSetting("lists nothing") }
        guard Set(items).count == items.count else { throw InvalidSetting("lists the same value twice") }
        return items
    }

    static func text(_ text: String) -> String { text }

    /// `DEFAULT_LANGUAGE`: a language tag (`en`, `pt-BR`).
    static func language(_ text: String) throws(InvalidSetting) -> Language {
        guard let language = Language(tag: text) else {
            throw InvalidSetting("is a language code such as en, es, pt-BR, fr, de or hi")
        }
        return language
    }

    static func secret(_ text: String) -> Secret { Secret(text) }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
