public import AsyncHTTPClient
public import ClientSupport
public import Logging
import GoogleCalendar
public import Notifier

/// The calendars the settings name, connected: Google's service account (when configured) and a
/// CalDAV account's calendars (found on the server), behind one `CalendarDirectory`. The
/// service, `sync`, the dry run and `check` all read calendars through this.
public struct ServiceCalendars: Sendable {
    public let google: GoogleCalendarSource?
    public let directory: CalendarDirectory

    /// Connects each configured source; a CalDAV account is asked for its calendars here, so a
    /// refused app password or a calendar name that matches nothing stops the start with the reason.
    public static func connect(
        _ settings: Settings, httpClient: HTTPClient, retry: CallRetryPolicy = .standard, requestTimeout: Duration? = nil,
        logger: Logger
    ) async throws -> ServiceCalendars {
        let google = GoogleCalendarClient(settings: settings, httpClient: httpClient, retry: retry, requestTimeout: requestTimeout, logger: logger)
            .map { GoogleCalendarSource(client: $0, serviceAccount: settings.serviceAccount?.clientEmail) }
        var calDAV: CalDAVCalendarSource?
        if let account = settings.calDAV {
            calDAV = try await CalDAVCalendarSource.connect(
                account, httpClient: httpClient,
                statuses: (settings.successColorID, settings.failureColorID, settings.confirmedColorID))
        }
        var entries: [(calendarIDs: [String], source: any CalendarSource)] = []
        if let google { entries.append((settings.calendarIDs, google)) }
        if let calDAV { entries.append((calDAV.calendarIDs, calDAV)) }
        return ServiceCalendars(google: google, directory: CalendarDirectory(entries))
    }

    /// Every calendar watched.
    public var calendarIDs: [String] { directory.calendarIDs }
}
