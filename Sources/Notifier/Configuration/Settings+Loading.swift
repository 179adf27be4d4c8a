import ClientSupport
import Fernet
import Foundation
import GoogleCalendar

extension Settings {
    public static let defaultGoogleCalendarAPIURL = URL(string: "https://www.googleapis.com/calendar/v3")!
    public static let defaultTwilioAPIURL = URL(string: "https://api.twilio.com")!
    public static let defaultCalendlyAPIURL = URL(string: "https://api.calendly.com")!

    /// Reads and validates every setting; throws one error naming every problem.
    public init(source: ConfigurationSource) throws(ConfigurationError) {
        var reader = SettingsReader(source: source)
        let calDAV = Self.calDAV(&reader)
        let microsoft = Self.microsoft(&reader)
        let namesMicrosoft = ["MICROSOFT_CLIENT_ID", "MICROSOFT_CLIENT_SECRET", "MICROSOFT_CALENDARS", "MICROSOFT_TENANT_ID"]
            .contains { reader.source.value($0) != nil }
        let googleOAuth = Self.googleOAuth(&reader)
        // With a CalDAV account or Microsoft mailboxes, Google is optional; without them, it is what is watched.
        let usesGoogle = (calDAV == nil && !namesMicrosoft) || reader.source.value("GOOGLE_CALENDAR_ID") != nil || googleOAuth != nil
        // A connected Google account needs no service account: it watches its own `primary` calendar
        // unless GOOGLE_CALENDAR_ID names others it may read.
        let calendarIDs = !usesGoogle ? []
            : googleOAuth != nil ? reader.optional("GOOGLE_CALENDAR_ID", default: ["primary"], SettingParsers.nonEmptyList)
            : reader.required("GOOGLE_CALENDAR_ID", SettingParsers.nonEmptyList)
        let namesServiceAccount = ["GOOGLE_SERVICE_ACCOUNT_FILE", "GOOGLE_SERVICE_ACCOUNT_JSON"].contains { reader.source.value($0) != nil }
        let serviceAccount = usesGoogle && (googleOAuth == nil || namesServiceAccount) ? Self.serviceAccount(&reader) : nil
        if serviceAccount != nil, calendarIDs?.contains("primary") == true {
            reader.problem("GOOGLE_CALENDAR_ID", "names `primary`, which for a service account is its own empty calendar; name the host's calendar (its address), or remove the service account and connect the host's Google account")
        }
        let provider = reader.optional("WHATSAPP_PROVIDER", default: WhatsAppProviderKind.twilio) { text throws(InvalidSetting) in
            guard let kind = WhatsAppProviderKind(rawValue: text.lowercased().trimmingCharacters(in: .whitespaces)) else {
                throw InvalidSetting("must be twilio or meta")
            }
            return kind
        }
        let meta = Self.meta(&reader, chosen: provider == .meta)
        // With Meta, Twilio's settings are not needed (and, given, not used).
        let usesTwilio = provider == .twilio
        let accountSID = usesTwilio ? reader.required("TWILIO_ACCOUNT_SID", SettingParsers.twilioSID(prefix: "AC"))
            : reader.optional("TWILIO_ACCOUNT_SID", default: "", SettingParsers.twilioSID(prefix: "AC"))
        let authToken = usesTwilio ? reader.required("TWILIO_AUTH_TOKEN", SettingParsers.secret)
            : reader.optional("TWILIO_AUTH_TOKEN", default: Secret(""), SettingParsers.secret)
        // Meta names the number by its id; this is only what the pages and `check` show.
        let from = usesTwilio ? reader.required("TWILIO_WHATSAPP_FROM", SettingParsers.phoneNumber)
            : reader.optional("TWILIO_WHATSAPP_FROM", default: PhoneNumber(e164: "+10000000000")!, SettingParsers.phoneNumber)
        let fernetKeys = reader.required("FERNET_KEY", SettingParsers.fernetKeys)
        let publicBaseURL = reader.required("PUBLIC_BASE_URL", SettingParsers.baseURL)

        let contentSID = SettingParsers.twilioSID(prefix: "HX")
        let twilioExtras = (
            messagingServiceSID: reader.optional("TWILIO_MESSAGING_SERVICE_SID", SettingParsers.twilioSID(prefix: "MG")),
            contentSIDs: ContentSIDs(
                scheduled: reader.optional("TWILIO_CONTENT_SID_SCHEDULED", contentSID),
                rescheduled: reader.optional("TWILIO_CONTENT_SID_RESCHEDULED", contentSID),
                cancelled: reader.optional("TWILIO_CONTENT_SID_CANCELLED", contentSID),
                reminder: reader.optional("TWILIO_CONTENT_SID_REMINDER", contentSID),
                byLanguage: Self.contentSIDsByLanguage(&reader, parse: contentSID)),
            apiURL: reader.optional("TWILIO_API_URL", default: Self.defaultTwilioAPIURL, SettingParsers.baseURL),
            sendConcurrency: reader.optional("SEND_CONCURRENCY", default: 4, SettingParsers.count(in: 1...64)),
            sendRatePerSecond: reader.optional("SEND_RATE", default: 80, SettingParsers.count(in: 1...1_000)))
        let googleWriteRate = reader.optional("GOOGLE_WRITE_RATE", default: 8, SettingParsers.count(in: 1...100))
        let calendly = CalendlySettings(
            schedulingURL: reader.optional("CALENDLY_SCHEDULING_URL", SettingParsers.pageURL),
            apiToken: reader.optional("CALENDLY_API_TOKEN", SettingParsers.secret),
            webhookSigningKey: reader.optional("CALENDLY_WEBHOOK_SIGNING_KEY", SettingParsers.secret),
            apiURL: reader.optional("CALENDLY_API_URL", default: Self.defaultCalendlyAPIURL, SettingParsers.baseURL))
        if calendly.apiToken != nil, calendly.schedulingURL == nil {
            reader.problem("CALENDLY_API_TOKEN", "needs CALENDLY_SCHEDULING_URL: single-use links are made for that event page")
        }
        var http = HTTPSettings(
            host: reader.optional("HTTP_HOST", default: "127.0.0.1", SettingParsers.text),
            port: reader.optional("HTTP_PORT", default: 8080, SettingParsers.port),
            requestTimeout: reader.optional("HTTP_REQUEST_TIMEOUT", default: .seconds(30), SettingParsers.duration))
        // Behind the shipped Caddy or nginx config the service listens on loopback and the proxy
        // is the only loopback peer; listening elsewhere, nobody is trusted unless named.
        let listensOnLoopback = TrustedProxies.loopback.contains(http.host) || http.host == "localhost"
        http.trustedProxies = reader.optional("TRUSTED_PROXIES", default: listensOnLoopback ? .loopback : .none,
                                              SettingParsers.trustedProxies)
        let defaultCallingCode = reader.optional("DEFAULT_COUNTRY_CODE", SettingParsers.callingCode)
        let databasePath = reader.optional("DATABASE_PATH", default: "data/gcal-whatsapp.sqlite", SettingParsers.text)
        let databaseURL = reader.optional("DATABASE_URL", SettingParsers.databaseURL)
        let pollInterval = reader.optional("POLL_INTERVAL", default: .seconds(60), SettingParsers.duration)
        let notifyHorizon = reader.optional("NOTIFY_HORIZON", SettingParsers.duration)
        let reminders = reader.optional("REMINDERS", default: [], SettingParsers.durations)
        let templatesDirectory = reader.optional("TEMPLATES_DIR", default: "templates", SettingParsers.text)
        let defaultLanguage = reader.optional("DEFAULT_LANGUAGE", default: Language.english, SettingParsers.language)
        let languageByCountry = reader.optional("LANGUAGE_BY_COUNTRY", default: false, SettingParsers.toggle)
        let logLevel = reader.optional("LOG_LEVEL", default: .info, SettingParsers.logLevel)
        let logFormat = reader.optional("LOG_FORMAT", default: .text, SettingParsers.logFormat)
        let googleAPIURL = reader.optional(
            "GOOGLE_CALENDAR_API_URL", default: Self.defaultGoogleCalendarAPIURL, SettingParsers.baseURL)
        let googlePush = reader.optional("GOOGLE_PUSH", SettingParsers.toggle)
        let successColorID = reader.optional("SUCCESS_COLOR_ID", default: "10", SettingParsers.colorID)
        let failureColorID = reader.optional("FAILURE_COLOR_ID", default: "11", SettingParsers.colorID)
        let confirmedColorID = reader.optional("CONFIRMED_COLOR_ID", default: "7", SettingParsers.colorID)
        let businessName = reader.optional("BUSINESS_NAME", SettingParsers.text)
        let dashboardPassword = reader.optional("DASHBOARD_PASSWORD", SettingParsers.secret)
        if let dashboardPassword, dashboardPassword.value.count < 10 {
            reader.problem("DASHBOARD_PASSWORD", "is \(dashboardPassword.value.count) characters long; use at least 10 (it guards attendees' numbers)")
        }
        let booking = BookingSettings(
            hours: reader.optional("BOOKING_HOURS", SettingParsers.bookingHours),
            daysAhead: reader.optional("BOOKING_DAYS_AHEAD", default: 14, SettingParsers.count(in: 1...90)),
            notice: reader.optional("BOOKING_NOTICE", default: .seconds(7_200), SettingParsers.duration),
            step: reader.optional("BOOKING_STEP", default: .seconds(1_800), SettingParsers.duration))
        if booking.step < .seconds(300) || booking.step > .seconds(86_400) || booking.step.components.seconds % 60 != 0 {
            reader.problem("BOOKING_STEP", "must be whole minutes from 5m to 1d, e.g. 15m or 30m")
        }
        if let businessName, businessName.count > 80 {
            reader.problem("BUSINESS_NAME", "is \(businessName.count) characters long; keep it to 80, it heads every page")
        }
        if successColorID == failureColorID {
            reader.problem("FAILURE_COLOR_ID", "must differ from SUCCESS_COLOR_ID, or red and green would look alike")
        }

        if let microsoft, let shared = microsoft.calendars.first(where: { mailbox in calendarIDs?.contains { $0.lowercased() == mailbox.lowercased() } == true }) {
            reader.problem("MICROSOFT_CALENDARS", "names \(shared), which GOOGLE_CALENDAR_ID names too; a calendar is watched through one source")
        }
        guard reader.problems.isEmpty, let calendarIDs, serviceAccount != nil || !usesGoogle || googleOAuth != nil, let accountSID, let authToken, let from,
              let fernetKeys, let publicBaseURL
        else { throw ConfigurationError(reader.problems) }

        self.calendarIDs = calendarIDs
        self.serviceAccount = serviceAccount
        self.calDAV = calDAV
        self.microsoft = microsoft
        self.googleOAuth = googleOAuth
        self.whatsAppProvider = provider
        self.meta = meta
        self.twilio = TwilioSettings(
            accountSID: accountSID, authToken: authToken, whatsAppFrom: from,
            messagingServiceSID: twilioExtras.messagingServiceSID, contentSIDs: twilioExtras.contentSIDs,
            apiURL: twilioExtras.apiURL, sendConcurrency: twilioExtras.sendConcurrency,
            sendRatePerSecond: twilioExtras.sendRatePerSecond)
        self.fernetKeys = fernetKeys
        self.publicBaseURL = publicBaseURL
        self.defaultCallingCode = defaultCallingCode
        self.calendly = calendly
        self.http = http
        self.databasePath = databasePath
        self.databaseURL = databaseURL
        self.pollInterval = pollInterval
        self.notifyHorizon = notifyHorizon
        self.reminders = reminders
        self.templatesDirectory = templatesDirectory
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.googleCalendarAPIURL = googleAPIURL
        // Push needs Google to reach us, and Google only calls https addresses.
        self.googlePush = googlePush ?? (publicBaseURL.scheme?.lowercased() == "https")
        self.googlePushSetExplicitly = googlePush != nil
        self.googleWriteRate = googleWriteRate
        self.successColorID = successColorID
        self.failureColorID = failureColorID
        self.confirmedColorID = confirmedColorID
        self.booking = booking
        if booking.hours == nil {
            ignoredSettings += ["BOOKING_DAYS_AHEAD", "BOOKING_NOTICE", "BOOKING_STEP"].filter { reader.source.value($0) != nil }
                .map { "\($0) (no BOOKING_HOURS: no built-in booking pages)" }
        }
        if !usesGoogle {
            // A CalDAV-only host: Google's settings are read by nothing, and `check` says so.
            ignoredSettings += ["GOOGLE_SERVICE_ACCOUNT_FILE", "GOOGLE_SERVICE_ACCOUNT_JSON", "GOOGLE_CALENDAR_API_URL", "GOOGLE_PUSH"]
                .filter { reader.source.value($0) != nil }
                .map { "\($0) (no GOOGLE_CALENDAR_ID: no Google calendar is watched)" }
        }
        if provider == .meta {
            // Meta carries the messages: Twilio's settings, given, are read by nothing.
            let twilioSettings = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM", "TWILIO_MESSAGING_SERVICE_SID",
                                  "TWILIO_API_URL", "TWILIO_CONTENT_SID_SCHEDULED", "TWILIO_CONTENT_SID_RESCHEDULED",
                                  "TWILIO_CONTENT_SID_CANCELLED", "TWILIO_CONTENT_SID_REMINDER"] + SettingNames.contentSIDsByLanguage.sorted()
            ignoredSettings += twilioSettings
                .filter { reader.source.value($0) != nil }
                .map { "\($0) (WHATSAPP_PROVIDER=meta: Meta's Cloud API carries the messages)" }
        }
        self.dashboardPassword = dashboardPassword
        self.defaultLanguage = defaultLanguage
        self.languageByCountry = languageByCountry
        self.businessName = businessName.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Only the link keys, for commands such as `link inspect` that need nothing else.
    public static func fernetKeys(source: ConfigurationSource) throws(ConfigurationError) -> [FernetKey] {
        var reader = SettingsReader(source: source)
        guard let keys = reader.required("FERNET_KEY", SettingParsers.fernetKeys) else {
            throw ConfigurationError(reader.problems)
        }
        return keys
    }

    /// Only `DATABASE_URL`, for commands that read the database and nothing else: nil when the
    /// database is SQLite's (`databasePath(source:)`).
    public static func databaseURL(source: ConfigurationSource) throws(ConfigurationError) -> PostgresLocation? {
        var reader = SettingsReader(source: source)
        let location = reader.optional("DATABASE_URL", SettingParsers.databaseURL)
        guard reader.problems.isEmpty else { throw ConfigurationError(reader.problems) }
        return location
    }

    /// Only `DATABASE_PATH` (or its default), for commands that read the database and nothing else.
    public static func databasePath(source: ConfigurationSource) throws(ConfigurationError) -> String {
        var reader = SettingsReader(source: source)
        let path = reader.optional("DATABASE_PATH", default: "data/gcal-whatsapp.sqlite", SettingParsers.text)
        guard reader.problems.isEmpty else { throw ConfigurationError(reader.problems) }
        return path
    }

    /// `CALDAV_*`, when `CALDAV_URL` is set: the user name and app password are then required.
    private static func calDAV(_ reader: inout SettingsReader) -> CalDAVSettings? {
        guard reader.source.value("CALDAV_URL") != nil else {
            for name in ["CALDAV_USERNAME", "CALDAV_PASSWORD", "CALDAV_CALENDARS"] where reader.source.value(name) != nil {
                reader.problem(name, "is set but CALDAV_URL is not; set the server's address too")
            }
            return nil
        }
        let url = reader.required("CALDAV_URL") { text throws(InvalidSetting) in
            // A password in the address would be printed, logged and stored as the calendar's id.
            guard URLComponents(string: text)?.user == nil else {
                throw InvalidSetting("must not hold a user name or password; set CALDAV_USERNAME and CALDAV_PASSWORD")
            }
            return try SettingParsers.baseURL(text)
        }
        let username = reader.required("CALDAV_USERNAME", SettingParsers.text)
        let password = reader.required("CALDAV_PASSWORD", SettingParsers.secret)
        let calendars = reader.optional("CALDAV_CALENDARS", default: [], SettingParsers.nonEmptyList)
        guard let url, let username, let password else { return nil }
        // A collection URL keeps its trailing slash: it is a folder on the server.
        return CalDAVSettings(url: url, username: username, password: password, calendars: calendars)
    }

    /// `MICROSOFT_*`, when any of the app's settings is given: the client id, secret, tenant and
    /// mailboxes are then all required.
    private static func microsoft(_ reader: inout SettingsReader) -> MicrosoftSettings? {
        let names = ["MICROSOFT_CLIENT_ID", "MICROSOFT_CLIENT_SECRET", "MICROSOFT_CALENDARS", "MICROSOFT_TENANT_ID"]
        guard names.contains(where: { reader.source.value($0) != nil }) else {
            for name in ["MICROSOFT_GRAPH_API_URL", "MICROSOFT_LOGIN_URL"] where reader.source.value(name) != nil {
                reader.problem(name, "is set but MICROSOFT_CLIENT_ID is not; register the app and set its settings too")
            }
            return nil
        }
        let clientID = reader.required("MICROSOFT_CLIENT_ID", SettingParsers.text)
        let secret = reader.required("MICROSOFT_CLIENT_SECRET", SettingParsers.secret)
        let calendars = reader.required("MICROSOFT_CALENDARS") { text throws(InvalidSetting) in
            let mailboxes = try SettingParsers.nonEmptyList(text)
            guard let bad = mailboxes.first(where: { !$0.contains("@") && $0.lowercased() != "me" }) else { return mailboxes }
            throw InvalidSetting("names \"\(bad)\", which is neither a mailbox address (ann@contoso.com) nor `me` (the account connected at /host/connect)")
        }
        let addresses = (calendars ?? []).filter { $0.lowercased() != "me" }
        let tenant = reader.optional("MICROSOFT_TENANT_ID", default: "common") { text throws(InvalidSetting) in
            // Application permissions act in one organisation: Microsoft refuses `common` for them.
            let tenant = text.trimmingCharacters(in: .whitespaces)
            guard addresses.isEmpty || !["common", "organizations", "consumers"].contains(tenant.lowercased()) else {
                throw InvalidSetting("must be your organisation's tenant id (Microsoft Entra → Overview → Tenant ID): mailboxes named in MICROSOFT_CALENDARS are read with application permissions, which work in one organisation, and \"\(text)\" names none")
            }
            return tenant
        }
        if !addresses.isEmpty, reader.source.value("MICROSOFT_TENANT_ID") == nil {
            reader.problem("MICROSOFT_TENANT_ID", "is required to read the mailboxes in MICROSOFT_CALENDARS with the app's permissions (Microsoft Entra → Overview → Tenant ID)")
        }
        let graphURL = reader.optional("MICROSOFT_GRAPH_API_URL", default: URL(string: "https://graph.microsoft.com/v1.0")!, SettingParsers.baseURL)
        let loginURL = reader.optional("MICROSOFT_LOGIN_URL", default: URL(string: "https://login.microsoftonline.com")!, SettingParsers.baseURL)
        let https = reader.source.value("PUBLIC_BASE_URL")?.lowercased().hasPrefix("https://") == true
        let push = reader.optional("MICROSOFT_PUSH", default: https, SettingParsers.toggle)
        guard let clientID, let secret, let calendars else { return nil }
        return MicrosoftSettings(clientID: clientID, clientSecret: secret, tenant: tenant, calendars: addresses.map { $0.lowercased() },
                                 connectsAccount: calendars.contains { $0.lowercased() == "me" },
                                 graphURL: graphURL, loginURL: loginURL, push: push)
    }

    /// `TWILIO_CONTENT_SID_<KIND>_<LANG>` for the shipped languages (and `…_PT` for any Portuguese).
    private static func contentSIDsByLanguage(
        _ reader: inout SettingsReader, parse: (String) throws(InvalidSetting) -> String
    ) -> [Language: [Decision.Kind: String]] {
        var found: [Language: [Decision.Kind: String]] = [:]
        for (name, kind, language) in SettingNames.contentSIDNames {
            if let sid = reader.optional(name, parse) { found[language, default: [:]][kind] = sid }
        }
        return found
    }

    /// `META_*`: required with `WHATSAPP_PROVIDER=meta`; given without it, a problem (they would do nothing).
    private static func meta(_ reader: inout SettingsReader, chosen: Bool) -> MetaSettings? {
        let names = ["META_ACCESS_TOKEN", "META_PHONE_NUMBER_ID", "META_APP_SECRET", "META_VERIFY_TOKEN", "META_GRAPH_API_URL",
                     "META_TEMPLATE_SCHEDULED", "META_TEMPLATE_RESCHEDULED", "META_TEMPLATE_CANCELLED", "META_TEMPLATE_REMINDER",
                     "META_TEMPLATE_LANGUAGE"]
        guard chosen else {
            for name in names where reader.source.value(name) != nil {
                reader.problem(name, "is set but WHATSAPP_PROVIDER is not meta; set WHATSAPP_PROVIDER=meta to send through Meta's Cloud API")
            }
            return nil
        }
        let token = reader.required("META_ACCESS_TOKEN", SettingParsers.secret)
        let numberID = reader.required("META_PHONE_NUMBER_ID") { text throws(InvalidSetting) in
            let id = text.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
                throw InvalidSetting("is the number's id from WhatsApp Manager → Phone numbers (digits only), not the phone number itself")
            }
            return id
        }
        let appSecret = reader.required("META_APP_SECRET", SettingParsers.secret)
        let verifyToken = reader.required("META_VERIFY_TOKEN", SettingParsers.secret)
        let apiURL = reader.optional("META_GRAPH_API_URL", default: URL(string: "https://graph.facebook.com/v23.0")!, SettingParsers.baseURL)
        let template = { (text: String) throws(InvalidSetting) -> String in
            let name = text.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" }) else {
                throw InvalidSetting("is a template's name as approved in WhatsApp Manager (lower case, digits and _)")
            }
            return name
        }
        var templates = ContentSIDs(scheduled: reader.optional("META_TEMPLATE_SCHEDULED", template),
                                    rescheduled: reader.optional("META_TEMPLATE_RESCHEDULED", template),
                                    cancelled: reader.optional("META_TEMPLATE_CANCELLED", template),
                                    reminder: reader.optional("META_TEMPLATE_REMINDER", template))
        templates.translatedByName = true
        // The translation used for DEFAULT_LANGUAGE (e.g. `en_US`), and for a language Meta has none of.
        let language = reader.optional("META_TEMPLATE_LANGUAGE", default: (reader.source.value("DEFAULT_LANGUAGE").flatMap(Language.init(tag:)) ?? .english).metaCode,
                                       SettingParsers.text)
        guard let token, let numberID, let appSecret, let verifyToken else { return nil }
        return MetaSettings(accessToken: token, phoneNumberID: numberID, appSecret: appSecret, verifyToken: verifyToken, apiURL: apiURL,
                            templates: templates, templateLanguage: language)
    }

    /// `GOOGLE_OAUTH_*`, when the client id or secret is given: both are then required.
    private static func googleOAuth(_ reader: inout SettingsReader) -> GoogleOAuthSettings? {
        guard ["GOOGLE_OAUTH_CLIENT_ID", "GOOGLE_OAUTH_CLIENT_SECRET"].contains(where: { reader.source.value($0) != nil }) else {
            for name in ["GOOGLE_OAUTH_AUTH_URL", "GOOGLE_OAUTH_TOKEN_URL"] where reader.source.value(name) != nil {
                reader.problem(name, "is set but GOOGLE_OAUTH_CLIENT_ID is not; make the OAuth client in Google Cloud and set its id and secret too")
            }
            return nil
        }
        let clientID = reader.required("GOOGLE_OAUTH_CLIENT_ID") { text throws(InvalidSetting) in
            guard text.hasSuffix(".apps.googleusercontent.com") || !text.contains("@") else {
                throw InvalidSetting("looks like an address; it is the OAuth client's id (…apps.googleusercontent.com)")
            }
            return text.trimmingCharacters(in: .whitespaces)
        }
        let secret = reader.required("GOOGLE_OAUTH_CLIENT_SECRET", SettingParsers.secret)
        let authURL = reader.optional("GOOGLE_OAUTH_AUTH_URL", default: URL(string: "https://accounts.google.com/o/oauth2/v2/auth")!, SettingParsers.baseURL)
        let tokenURL = reader.optional("GOOGLE_OAUTH_TOKEN_URL", default: URL(string: "https://oauth2.googleapis.com/token")!, SettingParsers.baseURL)
        guard let clientID, let secret else { return nil }
        return GoogleOAuthSettings(clientID: clientID, clientSecret: secret, authURL: authURL, tokenURL: tokenURL)
    }

    /// The key from `GOOGLE_SERVICE_ACCOUNT_FILE` or, failing that, `GOOGLE_SERVICE_ACCOUNT_JSON`.
    private static func serviceAccount(_ reader: inout SettingsReader) -> ServiceAccountKey? {
        let file = "GOOGLE_SERVICE_ACCOUNT_FILE", inline = "GOOGLE_SERVICE_ACCOUNT_JSON"
        switch (reader.source.value(file), reader.source.value(inline)) {
        case (nil, nil):
            reader.problem(file, "is required but not set (or set \(inline) to the key's JSON)")
            return nil
        case (.some, .some):
            reader.problem(file, "and \(inline) are both set; set only one")
            return nil
        case (let path?, nil):
            guard let data = FileManager.default.contents(atPath: path) else {
                reader.problem(file, "names a file that cannot be read: \(path)")
                return nil
            }
            return reader.optional(file) { _ throws(InvalidSetting) in try SettingParsers.serviceAccountKey(json: data) }
        case (nil, .some):
            return reader.optional(inline) { json throws(InvalidSetting) in
                try SettingParsers.serviceAccountKey(json: Data(json.utf8))
            }
        }
    }
}
