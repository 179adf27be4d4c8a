import AsyncHTTPClient
import ClientSupport
import GoogleCalendar
import Foundation
public import Logging
public import Notifier
import Twilio

extension WhatsAppService {
    /// `check`: reaches every outside service the settings name, with the clients the service
    /// itself would build, each probe cut off after `limit` (a firewall that drops packets costs
    /// seconds, not minutes) and tried once. `liveChannels` are the push channels `serve` keeps.
    public static func probeOutsideServices(settings: Settings, logger: Logger, liveChannels: [PushChannel],
                                            limit: Duration) async -> [ReachabilityCheck] {
        let once = CallRetryPolicy(attempts: 1, baseDelay: .milliseconds(200), maxDelay: .seconds(1))
        // A refused connection is reported at once, not retried until the request's deadline.
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(limit.components.seconds)))
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let twilio = TwilioClient(
            accountSID: settings.twilio.accountSID, authToken: settings.twilio.authToken.value, baseURL: settings.twilio.apiURL,
            httpClient: client, retry: once, requestTimeout: limit, logger: logger)
        let (calendarIDs, sender) = (settings.calendarIDs, settings.twilio.whatsAppFrom)
        var checks: [ReachabilityCheck] = []
        if let google = GoogleCalendarClient(settings: settings, httpClient: client, retry: once, requestTimeout: limit, logger: logger) {
            checks += await probe("Google", at: google.baseURL, limit) { await google.reachability(calendarIDs: calendarIDs) }
        }
        if let account = settings.calDAV {
            checks += await probe("the CalDAV server", at: account.url, limit) { await calDAVReachability(account, client: client) }
        }
        checks += await probe("Twilio", at: twilio.baseURL, limit) { await twilio.reachability(sender: sender) }
        if let google = GoogleCalendarClient(settings: settings, httpClient: client, retry: once, requestTimeout: limit, logger: logger) {
            checks += await probe("Google", at: google.baseURL, limit) {
                await google.pushReachability(settings: settings, liveChannels: liveChannels)
            }
        }
        try? await client.shutdown()
        return checks
    }

    /// Each CalDAV calendar found and watched, by name; a refused app password or a name that
    /// matches nothing says what to do (the password itself is never printed).
    private static func calDAVReachability(_ account: CalDAVSettings, client: HTTPClient) async -> [ReachabilityCheck] {
        do {
            let source = try await CalDAVCalendarSource.connect(account, httpClient: client, statuses: ("10", "11", "9"))
            return source.calendarIDs.map { ReachabilityCheck("CalDAV calendar \($0) readable") }
        } catch {
            // Refused credentials or a calendar gone are what `serve` shows as "disconnected" (DESIGN.md §23).
            let hint = CalDAVCalendarSource.hint(for: error)
            return [ReachabilityCheck("CalDAV account \(account.username) at \(account.url.absoluteString)",
                                      problem: (hint == nil ? "" : "disconnected: ") + "\(error)" + (hint.map { ". \($0)" } ?? ""))]
        }
    }

    /// Runs one probe for at most `limit`; one that takes longer is reported as unreachable.
    private static func probe(_ service: String, at url: URL, _ limit: Duration,
                              _ body: @escaping @Sendable () async -> [ReachabilityCheck]) async -> [ReachabilityCheck] {
        await withTaskGroup(of: [ReachabilityCheck]?.self) { group in
            group.addTask { await body() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? [ReachabilityCheck(
                service, problem: "cannot reach \(service) at \(url.absoluteString): no answer within \(limit.components.seconds) s")]
        }
    }
}
