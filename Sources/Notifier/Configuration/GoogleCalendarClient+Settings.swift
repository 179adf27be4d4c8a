public import ClientSupport
public import AsyncHTTPClient
public import GoogleCalendar
public import Logging

extension GoogleCalendarClient {
    /// The client the service uses: the configured key, API URL and retries; with
    /// `requestTimeout`, every request is cut off after it (`check`'s probes). Nil when no Google
    /// calendar is configured (a CalDAV-only host).
    public init?(settings: Settings, httpClient: HTTPClient, retry: CallRetryPolicy = .standard, requestTimeout: Duration? = nil,
                 logger: Logger) {
        guard let key = settings.serviceAccount, !settings.calendarIDs.isEmpty else { return nil }
        if let requestTimeout {
            self.init(key: key, baseURL: settings.googleCalendarAPIURL, httpClient: httpClient, retry: retry,
                      requestTimeout: requestTimeout, logger: logger)
        } else {
            self.init(key: key, baseURL: settings.googleCalendarAPIURL, httpClient: httpClient, retry: retry, logger: logger)
        }
    }
}
