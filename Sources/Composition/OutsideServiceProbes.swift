import AsyncHTTPClient
import ClientSupport
import GoogleCalendar
import MetaCloud
import MicrosoftGraph
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
        if let microsoft = settings.microsoft, !microsoft.calendars.isEmpty {
            checks += await probe("Microsoft", at: microsoft.graphURL, limit) {
                await microsoftReachability(microsoft, client: client, retry: once, timeout: limit, logger: logger)
            }
        }
        if !settings.connectProviders.isEmpty {
            checks += await connectedAccountsReachability(settings: settings, client: client, retry: once, logger: logger)
        }
        if let meta = settings.meta, settings.whatsAppProvider == .meta {
            let client = MetaClient(baseURL: meta.apiURL, accessToken: meta.accessToken, phoneNumberID: meta.phoneNumberID, httpClient: client,
                                    retry: once, requestTimeout: limit, logger: logger)
            checks += await probe("Meta", at: meta.apiURL, limit) { await metaReachability(client) }
        } else {
            checks += await probe("Twilio", at: twilio.baseURL, limit) { await twilio.reachability(sender: sender) }
        }
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

    /// The app's token, then each mailbox's calendar; a refused secret or permission is
    /// "disconnected", with what to do (the secret itself is never printed).
    private static func microsoftReachability(_ microsoft: MicrosoftSettings, client: HTTPClient, retry: CallRetryPolicy, timeout: Duration,
                                              logger: Logger) async -> [ReachabilityCheck] {
        let tokens = ClientCredentials(loginURL: microsoft.loginURL, tenant: microsoft.tenant, clientID: microsoft.clientID,
                                       clientSecret: microsoft.clientSecret, httpClient: client, requestTimeout: timeout)
        let graph = GraphClient(baseURL: microsoft.graphURL, tokens: tokens, httpClient: client, retry: retry, requestTimeout: timeout, logger: logger)
        let source = GraphCalendarSource(client: graph, mailboxes: microsoft.calendars, statuses: ("10", "11", "9"))
        func problem(_ error: any Error) -> String {
            let hint = source.accessHint(for: error)
            return (hint == nil ? "" : "disconnected: ") + "\(error)" + (hint.map { " \($0)" } ?? "")
        }
        do {
            _ = try await tokens.token()
        } catch {
            return [ReachabilityCheck("Microsoft 365 access token for app \(microsoft.clientID)", problem: problem(error))]
                + microsoft.calendars.map { ReachabilityCheck("Microsoft 365 calendar \($0) readable", problem: "not tried without a token") }
        }
        var checks = [ReachabilityCheck("Microsoft 365 access token obtained")]
        for mailbox in microsoft.calendars {
            do {
                let calendar = try await graph.defaultCalendar(mailbox: mailbox)
                checks.append(calendar.canEdit ? ReachabilityCheck("Microsoft 365 calendar \(mailbox) readable (\"\(calendar.name)\")")
                    : ReachabilityCheck("Microsoft 365 calendar \(mailbox) writable", problem: "the app may read but not change it; grant Calendars.ReadWrite"))
            } catch {
                checks.append(ReachabilityCheck("Microsoft 365 calendar \(mailbox) readable", problem: problem(error)))
            }
        }
        return checks
    }

    /// Each account a host may connect (DESIGN.md §24): not connected yet, connected and its
    /// calendars readable, or disconnected (a revoked grant) with what to do.
    private static func connectedAccountsReachability(settings: Settings, client: HTTPClient, retry: CallRetryPolicy,
                                                      logger: Logger) async -> [ReachabilityCheck] {
        let store: any ServiceStore
        do {
            store = try await ServiceStores.openForReading(settings, logger: logger)
        } catch {
            return settings.connectProviders.map { ReachabilityCheck("\($0.title) account connected", problem: "the database cannot be read: \(error)") }
        }
        // Read-only: a refresh token the provider rotates during the check is not stored (the
        // old one keeps working); `check` changes nothing.
        let connector = AccountConnector(settings: settings, accounts: ConnectedAccounts(store: store, keys: settings.fernetKeys),
                                         httpClient: client, retry: retry, directory: nil, logger: Logger(label: "check", factory: { _ in SwiftLogNoOpLogHandler() }))
        var checks: [ReachabilityCheck] = []
        var notYet: [(ConnectProvider, String?)] = []
        for provider in settings.connectProviders {
            let account = try? await connector.accounts.grant(provider)?.account
            let waiting = connector.waitingAccount(provider, readOnly: true)
            do {
                let connected = try await waiting.connect()
                checks.append(ReachabilityCheck("\(provider.title) account \(account ?? "") connected; calendar \(connected.calendarIDs.joined(separator: ", ")) readable"))
            } catch {
                if error is any CalendarDirectory.NotYetConnected {
                    notYet.append((provider, waiting.hint(error)))
                    continue
                }
                let hint = waiting.hint(error)
                let text = "\(error)"
                checks.append(ReachabilityCheck("\(provider.title) account\(account.map { " " + $0 } ?? "") connected",
                                                problem: "disconnected: \(text)" + (hint.map { (text.hasSuffix(".") ? " " : ". ") + $0 } ?? "")))
            }
        }
        // An account not connected yet is optional while another calendar is watched (as `serve` sees it).
        let watchesOthers = settings.serviceAccount != nil || settings.calDAV != nil || settings.microsoft?.calendars.isEmpty == false
            || checks.contains(where: \.passed)
        for (provider, hint) in notYet {
            checks.append(watchesOthers
                ? ReachabilityCheck("\(provider.title) account not connected (optional: \(hint ?? "connect it at /host/connect"))")
                : ReachabilityCheck("\(provider.title) account connected", problem: "disconnected: not connected yet, and no other calendar is watched. \(hint ?? "")"))
        }
        return checks
    }

    /// The token and the number's id (`GET /{phone-number-id}`): a `190` is a refused token.
    private static func metaReachability(_ client: MetaClient) async -> [ReachabilityCheck] {
        do throws(MetaError) {
            let number = try await client.phoneNumber()
            return [ReachabilityCheck("Meta access token accepted; WhatsApp number \(number.display) (\(number.name))")]
        } catch {
            return [ReachabilityCheck("Meta access token and META_PHONE_NUMBER_ID", problem: error.reason)]
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
