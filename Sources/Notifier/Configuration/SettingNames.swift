/// Every setting the service reads, for `check` to name the ones given that are not settings (a
/// misspelled `TWILIO_ACOUNT_SID` would otherwise be ignored without a word). A test keeps this
/// list and `Settings+Loading.swift` together.
public enum SettingNames {
    public static let all: Set<String> = Set([
        "BOOKING_DAYS_AHEAD", "BOOKING_HOURS", "BOOKING_NOTICE", "BOOKING_STEP", "BUSINESS_NAME", "CALENDLY_API_TOKEN",
        "CALDAV_CALENDARS", "CALDAV_PASSWORD", "CALDAV_URL", "CALDAV_USERNAME",
        "CALENDLY_API_URL", "CALENDLY_SCHEDULING_URL", "CALENDLY_WEBHOOK_SIGNING_KEY", "CONFIRMED_COLOR_ID", "DASHBOARD_PASSWORD",
        "DATABASE_PATH", "DATABASE_URL", "DEFAULT_COUNTRY_CODE", "DEFAULT_LANGUAGE", "LANGUAGE_BY_COUNTRY", "FAILURE_COLOR_ID", "FERNET_KEY", "GOOGLE_CALENDAR_API_URL", "GOOGLE_CALENDAR_ID",
        "GOOGLE_OAUTH_AUTH_URL", "GOOGLE_OAUTH_CLIENT_ID", "GOOGLE_OAUTH_CLIENT_SECRET", "GOOGLE_OAUTH_TOKEN_URL", "GOOGLE_PUSH", "GOOGLE_SERVICE_ACCOUNT_FILE", "GOOGLE_SERVICE_ACCOUNT_JSON", "GOOGLE_WRITE_RATE", "HTTP_HOST", "HTTP_PORT",
        "HTTP_REQUEST_TIMEOUT", "LOG_FORMAT", "LOG_LEVEL", "META_ACCESS_TOKEN", "META_APP_SECRET", "META_GRAPH_API_URL", "META_PHONE_NUMBER_ID",
        "META_TEMPLATE_CANCELLED", "META_TEMPLATE_LANGUAGE", "META_TEMPLATE_REMINDER", "META_TEMPLATE_RESCHEDULED", "META_TEMPLATE_SCHEDULED",
        "META_VERIFY_TOKEN", "NOTIFY_HORIZON", "POLL_INTERVAL", "PUBLIC_BASE_URL", "REMINDERS",
        "MICROSOFT_CALENDARS", "MICROSOFT_CLIENT_ID", "MICROSOFT_CLIENT_SECRET", "MICROSOFT_GRAPH_API_URL", "MICROSOFT_LOGIN_URL", "MICROSOFT_PUSH",
        "MICROSOFT_TENANT_ID", "SEND_CONCURRENCY", "SEND_RATE", "SUCCESS_COLOR_ID", "TEMPLATES_DIR", "TRUSTED_PROXIES", "TWILIO_ACCOUNT_SID",
        "TWILIO_API_URL", "TWILIO_AUTH_TOKEN", "TWILIO_CONTENT_SID_CANCELLED", "TWILIO_CONTENT_SID_REMINDER",
        "TWILIO_CONTENT_SID_RESCHEDULED", "TWILIO_CONTENT_SID_SCHEDULED", "TWILIO_MESSAGING_SERVICE_SID", "TWILIO_WHATSAPP_FROM", "WHATSAPP_PROVIDER",
    ]).union(contentSIDsByLanguage)

    /// `TWILIO_CONTENT_SID_SCHEDULED_PT_BR` and the like: each kind in each shipped language, and in
    /// each language alone (`…_PT`), for the fallback `pt-BR` → `pt` → `DEFAULT_LANGUAGE`.
    static let contentSIDNames: [(name: String, kind: Decision.Kind, language: Language)] = {
        let languages = Set(Language.shipped + Language.shipped.map(\.base)).sorted()
        return [Decision.Kind.scheduled, .rescheduled, .cancelled, .reminder].flatMap { kind in
            languages.map { ("TWILIO_CONTENT_SID_\(kind.rawValue.uppercased())_\($0.settingSuffix)", kind, $0) }
        }
    }()

    static let contentSIDsByLanguage = Set(contentSIDNames.map(\.name))

    /// Name families of this service: an environment variable in one of them that is not a
    /// setting is most likely a typo. Other environment variables (PATH, HOME…) are none of ours.
    static let families = Set(all.compactMap { $0.split(separator: "_").first.map(String.init) })

    /// A name given that is not a setting, where it was given, and the setting it most likely meant.
    public struct Unknown: Sendable, Equatable {
        public var name: String
        public var source: String
        public var closest: String?
    }

    /// Every key of the `.env` file that is not a setting, and every environment variable of one of
    /// our families that is not.
    public static func unknown(environment: [String: String], dotEnv: [String: String], dotEnvPath: String) -> [Unknown] {
        let fromFile = dotEnv.keys.filter { !all.contains($0) }.map { Unknown(name: $0, source: dotEnvPath, closest: closest(to: $0)) }
        let fromEnvironment = environment.keys
            .filter { !all.contains($0) && families.contains(String($0.split(separator: "_").first ?? "")) && $0.contains("_") }
            .map { Unknown(name: $0, source: "the environment", closest: closest(to: $0)) }
        return (fromFile + fromEnvironment).sorted { ($0.source, $0.name) < ($1.source, $1.name) }
    }

    /// The setting nearest in spelling (edit distance at most a third of the name), if any.
    static func closest(to name: String) -> String? {
        let scored = all.map { ($0, distance(name, $0)) }.min { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let (best, score) = scored, score <= max(2, name.count / 3) else { return nil }
        return best
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
