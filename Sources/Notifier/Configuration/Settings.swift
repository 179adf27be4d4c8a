public import ClientSupport
public import Fernet
public import Foundation
public import GoogleCalendar
public import Logging

/// Every setting of the service (DESIGN.md §3), typed and validated. Defaults live in `Settings+Loading.swift`.
public struct Settings: Sendable {
    // Required for `serve` and `sync`: Google's calendars, CalDAV's, or both.
    /// `GOOGLE_CALENDAR_ID`: the Google calendars watched (none when only CalDAV is used).
    public var calendarIDs: [String]
    /// The Google service account's key; nil when no Google calendar is watched.
    public var serviceAccount: ServiceAccountKey?
    /// `CALDAV_*`: a CalDAV account whose calendars are watched too (DESIGN.md §23).
    public var calDAV: CalDAVSettings?
    /// `MICROSOFT_*`: Microsoft 365 mailboxes whose calendars are watched too (DESIGN.md §23).
    public var microsoft: MicrosoftSettings?
    /// `GOOGLE_OAUTH_*`: the OAuth client a host connects their Google account with (DESIGN.md §24).
    public var googleOAuth: GoogleOAuthSettings?
    public var twilio: TwilioSettings
    /// `WHATSAPP_PROVIDER`: who carries the messages [twilio].
    public var whatsAppProvider: WhatsAppProviderKind = .twilio
    /// `META_*`, with `WHATSAPP_PROVIDER=meta` (DESIGN.md §25).
    public var meta: MetaSettings?
    public var fernetKeys: [FernetKey]
    public var publicBaseURL: URL

    // Optional.
    public var defaultCallingCode: CallingCode?
    public var calendly: CalendlySettings
    public var http: HTTPSettings
    public var databasePath: String
    /// `DATABASE_URL`: everything in PostgreSQL, for several workers (DESIGN.md §27); nil for
    /// SQLite at `databasePath`.
    public var databaseURL: PostgresLocation?
    public var pollInterval: Duration
    public var notifyHorizon: Duration?
    public var reminders: [Duration]
    public var templatesDirectory: String
    public var logLevel: Logger.Level
    /// `text` (one readable line an entry) or `json` (one JSON object a line, for journald and log shippers).
    public var logFormat: LogFormat
    public var googleCalendarAPIURL: URL
    public var googlePush: Bool
    /// `GOOGLE_PUSH` was given (rather than following PUBLIC_BASE_URL's scheme).
    public var googlePushSetExplicitly = false
    /// Calendar write-backs per second at most, within Google's per-user quota.
    public var googleWriteRate: Int
    public var successColorID: String
    public var failureColorID: String
    /// The colour of an event whose attendee confirmed it on WhatsApp.
    public var confirmedColorID: String
    /// Shown on every attendee page and given to message templates as `{{business}}`.
    public var businessName: String?
    /// `DEFAULT_LANGUAGE` [`en`] and `LANGUAGE_BY_COUNTRY` [`off`] (DESIGN.md §26).
    public var defaultLanguage: Language = .english
    public var languageByCountry = false
    public var booking: BookingSettings
    /// `DASHBOARD_PASSWORD`: the host dashboard at `/host` is on only when set.
    public var dashboardPassword: Secret?
    /// Settings given that do nothing with the others as they are, each with why; `check` says so.
    public var ignoredSettings: [String] = []
}

/// The built-in booking pages (DESIGN.md §18): when attendees may book, and how far ahead.
public struct BookingSettings: Sendable {
    /// `BOOKING_HOURS`; nil: no built-in booking.
    public var hours: BookingHours?
    public var daysAhead: Int
    public var notice: Duration
    public var step: Duration

    public init(hours: BookingHours?, daysAhead: Int = 14, notice: Duration = .seconds(7_200), step: Duration = .seconds(1_800)) {
        self.hours = hours
        self.daysAhead = daysAhead
        self.notice = notice
        self.step = step
    }
}

extension Settings {
    /// Whether the service's own slot pages move and book sessions: `BOOKING_HOURS` is set and
    /// there is no Calendly page to send attendees to instead.
    public var offersBuiltInBooking: Bool { booking.hours != nil && calendly.schedulingURL == nil }

    /// Whether messages offer a reschedule link: Calendly's page, or the built-in slot page.
    public var offersReschedule: Bool { calendly.schedulingURL != nil || offersBuiltInBooking }
}

public struct TwilioSettings: Sendable {
    public var accountSID: String
    public var authToken: Secret
    public var whatsAppFrom: PhoneNumber
    public var messagingServiceSID: String?
    /// Approved WhatsApp templates (Content API) by message kind; a kind without one is sent as free text.
    public var contentSIDs: ContentSIDs
    public var apiURL: URL
    /// Messages in flight to Twilio at once.
    public var sendConcurrency: Int
    /// Messages started per second at most (Twilio queues, and eventually refuses, beyond a sender's throughput).
    public var sendRatePerSecond: Int
}

public enum WhatsAppProviderKind: String, Sendable {
    case twilio, meta
}

/// Meta's WhatsApp Cloud API: a system user's access token, the business number's id, the app
/// secret that signs webhooks, the token that answers the webhook's verification, and the approved
/// template names by message kind.
public struct MetaSettings: Sendable {
    public var accessToken: Secret
    public var phoneNumberID: String
    public var appSecret: Secret
    public var verifyToken: Secret
    public var apiURL: URL
    /// Template names (`META_TEMPLATE_*`); a kind without one is sent as free text, which Meta
    /// delivers only inside the 24-hour window.
    public var templates: ContentSIDs
    /// The language the templates were approved in (Meta's code, `en`, `pt_BR`).
    public var templateLanguage: String
}

extension Settings {
    /// The approved templates of the provider in use: Twilio's Content SIDs, or Meta's names.
    public var whatsAppTemplates: ContentSIDs {
        whatsAppProvider == .meta ? meta?.templates ?? ContentSIDs() : twilio.contentSIDs
    }
}

public struct ContentSIDs: Sendable, Equatable {
    public var scheduled: String?
    public var rescheduled: String?
    public var cancelled: String?
    public var reminder: String?
    /// `TWILIO_CONTENT_SID_<KIND>_<LANG>`: each language's approved translation (DESIGN.md §26).
    public var byLanguage: [Language: [Decision.Kind: String]]
    /// Meta's way: one template name, a translation per language on Meta's side (the provider
    /// falls back to the default translation where Meta has none).
    public var translatedByName = false

    public init(scheduled: String? = nil, rescheduled: String? = nil, cancelled: String? = nil, reminder: String? = nil,
                byLanguage: [Language: [Decision.Kind: String]] = [:]) {
        self.scheduled = scheduled
        self.rescheduled = rescheduled
        self.cancelled = cancelled
        self.reminder = reminder
        self.byLanguage = byLanguage
    }
}

/// `CALDAV_URL`, `CALDAV_USERNAME`, `CALDAV_PASSWORD`, `CALDAV_CALENDARS`.
public struct CalDAVSettings: Sendable {
    /// A server root (discovery finds the calendars) or a calendar collection.
    public var url: URL
    public var username: String
    /// An app password (iCloud, Fastmail and Nextcloud want one, never the account's own).
    public var password: Secret
    /// Display names or collection URLs; empty: the server's default calendar, else the only one.
    public var calendars: [String]
}

/// `MICROSOFT_CLIENT_ID`, `MICROSOFT_CLIENT_SECRET`, `MICROSOFT_TENANT_ID`, `MICROSOFT_CALENDARS`,
/// `MICROSOFT_GRAPH_API_URL`, `MICROSOFT_LOGIN_URL`: an app registered in Microsoft Entra with
/// the `Calendars.ReadWrite` application permission, and the mailboxes it watches.
public struct MicrosoftSettings: Sendable {
    public var clientID: String
    public var clientSecret: Secret
    /// The organisation's tenant id for mailboxes read with application permissions; `common`
    /// (the default) when only a connected account is watched.
    public var tenant: String
    /// Mailbox addresses read with the app's own (application) permissions.
    public var calendars: [String]
    /// `MICROSOFT_CALENDARS` names `me`: the account connected at /host/connect (delegated permissions).
    public var connectsAccount = false
    public var graphURL: URL
    public var loginURL: URL
    /// `MICROSOFT_PUSH`: subscriptions on the mailboxes' events [on when PUBLIC_BASE_URL is https,
    /// since Graph only posts to https addresses].
    public var push: Bool
}

/// A Google OAuth client ("Web application", or "Desktop app" for `gcal-whatsapp connect`).
public struct GoogleOAuthSettings: Sendable {
    public var clientID: String
    public var clientSecret: Secret
    public var authURL: URL
    public var tokenURL: URL

    /// Google revokes at `/revoke` beside `/token` (`https://oauth2.googleapis.com/revoke`).
    public var revocationURL: URL { tokenURL.deletingLastPathComponent().appendingPathComponent("revoke") }
}

public struct CalendlySettings: Sendable {
    public var schedulingURL: URL?
    public var apiToken: Secret?
    public var webhookSigningKey: Secret?
    public var apiURL: URL
}

public struct HTTPSettings: Sendable {
    public var host: String
    public var port: Int
    /// How long a client has to send a whole request, and to start the next one on a kept-alive
    /// connection, before it is cut off (slow or stalled clients must not hold descriptors).
    public var requestTimeout: Duration
    /// `TRUSTED_PROXIES`: whose forwarded-for headers name the client.
    public var trustedProxies: TrustedProxies = .loopback
}

/// How log entries are written (`LOG_FORMAT`).
public enum LogFormat: String, Sendable {
    case text, json
}

extension NoticeText {
    /// The texts as the settings ask: business name, booking page, and each attendee's language.
    public init(settings: Settings, templates: MessageTemplates) {
        self.init(templates: templates, bookingURL: settings.calendly.schedulingURL, business: settings.businessName,
                  offersReschedule: settings.offersReschedule,
                  languages: LanguageChoice(defaultLanguage: settings.defaultLanguage, byCountry: settings.languageByCountry,
                                            available: templates.languages))
    }
}
