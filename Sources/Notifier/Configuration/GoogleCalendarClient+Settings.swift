public import ClientSupport
public import AsyncHTTPClient
public import GoogleCalendar
public import Logging

extension GoogleCalendarClient {
    /// The client the service uses: the configured key, API URL and the standard retries.
    public init(settings: Settings, httpClient: HTTPClient, retry: CallRetryPolicy = .standard, logger: Logger) {
        self.init(key: settings.serviceAccount, baseURL: settings.googleCalendarAPIURL, httpClient: httpClient,
                  retry: retry, logger: logger)
    }

    /// A client whose every request is cut off after `requestTimeout` (`check`'s probes).
    public init(settings: Settings, httpClient: HTTPClient, retry: CallRetryPolicy, requestTimeout: Duration, logger: Logger) {
        self.init(key: settings.serviceAccount, baseURL: settings.googleCalendarAPIURL, httpClient: httpClient,
                  retry: retry, requestTimeout: requestTimeout, logger: logger)
    }
}
