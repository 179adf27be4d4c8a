public import AsyncHTTPClient
public import ClientSupport
public import Logging
import GoogleCalendar
import MicrosoftGraph
public import Notifier

/// The calendars the settings name, connected: Google's service account (when configured) and a
/// CalDAV account's calendars (found on the server), behind one `CalendarDirectory`. The
/// service, `sync`, the dry run and `check` all read calendars through this.
public struct ServiceCalendars: Sendable {
    public let google: GoogleCalendarSource?
    /// The Microsoft 365 mailboxes' source, when any are watched (its push is set up apart).
    public let microsoft: GraphCalendarSource?
    public let directory: CalendarDirectory

    /// Connects each configured source. A CalDAV account is asked for its calendars by the first
    /// sync round, not here: a server that is down must not hold up the start. One that cannot be
    /// connected (the server down, the app password refused, a calendar name that matches nothing)
    /// waits in the directory as disconnected, is tried again every round, and the other calendars
    /// go on (DESIGN.md §23).
    public static func connect(
        _ settings: Settings, httpClient: HTTPClient, retry: CallRetryPolicy = .standard, requestTimeout: Duration? = nil,
        logger: Logger
    ) -> ServiceCalendars {
        let google = GoogleCalendarClient(settings: settings, httpClient: httpClient, retry: retry, requestTimeout: requestTimeout, logger: logger)
            .map { GoogleCalendarSource(client: $0, serviceAccount: settings.serviceAccount?.clientEmail) }
        let directory = CalendarDirectory(google.map { [(settings.calendarIDs, $0)] } ?? [])
        if let account = settings.calDAV {
            let waiting = CalendarDirectory.WaitingAccount(
                label: "CalDAV account \(account.username) at \(account.url.absoluteString)", kind: "CalDAV",
                connect: {
                    let source = try await CalDAVCalendarSource.connect(
                        account, httpClient: httpClient,
                        statuses: (settings.successColorID, settings.failureColorID, settings.confirmedColorID))
                    return (source.calendarIDs, source)
                },
                hint: CalDAVCalendarSource.hint(for:))
            directory.wait(for: waiting)
        }
        var graph: GraphCalendarSource?
        if let microsoft = settings.microsoft {
            let (source, accounts) = microsoftAccount(microsoft, settings: settings, httpClient: httpClient, retry: retry, logger: logger)
            graph = source
            for account in accounts { directory.wait(for: account) }
        }
        return ServiceCalendars(google: google, microsoft: graph, directory: directory)
    }

    /// Microsoft 365 mailboxes through the app's own token, each connected on its own (one the app
    /// may not read waits as disconnected; the others go on): connecting proves the token and the
    /// mailbox's calendar, and sets up the three status categories as far as the permissions allow.
    static func microsoftAccount(_ microsoft: MicrosoftSettings, settings: Settings, httpClient: HTTPClient, retry: CallRetryPolicy,
                                 logger: Logger) -> (GraphCalendarSource, [CalendarDirectory.WaitingAccount]) {
        let tokens = ClientCredentials(loginURL: microsoft.loginURL, tenant: microsoft.tenant, clientID: microsoft.clientID,
                                       clientSecret: microsoft.clientSecret, httpClient: httpClient)
        let source = GraphCalendarSource(
            client: GraphClient(baseURL: microsoft.graphURL, tokens: tokens, httpClient: httpClient, retry: retry, logger: logger),
            mailboxes: microsoft.calendars, statuses: (settings.successColorID, settings.failureColorID, settings.confirmedColorID))
        return (source, microsoft.calendars.map { mailbox in
            CalendarDirectory.WaitingAccount(
                label: "Microsoft 365 mailbox \(mailbox) (app \(microsoft.clientID))", kind: "Microsoft 365",
                connect: {
                    _ = try await source.client.defaultCalendar(mailbox: mailbox)
                    for problem in await source.prepareCategories(in: [mailbox]) {
                        logger.warning("Microsoft 365 categories", metadata: ["problem": "\(problem)"])
                    }
                    return ([mailbox], source)
                },
                hint: { source.accessHint(for: $0) })
        })
    }

    /// Every calendar watched.
    public var calendarIDs: [String] { directory.calendarIDs }
}
