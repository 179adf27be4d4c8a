public import AsyncHTTPClient
public import ClientSupport
public import Foundation
import GoogleCalendar
public import Logging
import MicrosoftGraph
public import OAuth
import Synchronization

/// Connecting a host's own Google or Microsoft account (DESIGN.md §24), for the dashboard's
/// `/host/connect` and for `gcal-whatsapp connect`: the consent URL, the code traded for a
/// refresh token that is stored sealed, the account's calendars joining the watched ones at once,
/// and "Disconnect", which revokes the grant where the provider can and forgets it.
public struct AccountConnector: Sendable {
    public let settings: Settings
    public let accounts: ConnectedAccounts
    let httpClient: HTTPClient
    let retry: CallRetryPolicy
    let logger: Logger
    /// The watched calendars, which a connected account's join; nil for the terminal's `connect`.
    let directory: CalendarDirectory?
    /// Rung once an account is connected, so that its calendars are read now, not next round.
    let onChange: @Sendable () async -> Void

    public init(settings: Settings, accounts: ConnectedAccounts, httpClient: HTTPClient, retry: CallRetryPolicy = .standard,
                directory: CalendarDirectory?, logger: Logger, onChange: @escaping @Sendable () async -> Void = {}) {
        self.settings = settings
        self.accounts = accounts
        self.httpClient = httpClient
        self.retry = retry
        self.directory = directory
        self.logger = logger
        self.onChange = onChange
    }

    /// Why a connection did not happen, said so that the host knows what to do.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public func endpoint(_ provider: ConnectProvider) -> OAuthTokenEndpoint? {
        settings.oauthProvider(provider).map { OAuthTokenEndpoint(provider: $0, httpClient: httpClient) }
    }

    /// Where to send the host to consent, for one flow.
    public func consentURL(_ provider: ConnectProvider, redirectURI: String, state: String, pkce: PKCE) -> URL? {
        settings.oauthProvider(provider)?.consentURL(redirectURI: redirectURI, state: state, pkce: pkce)
    }

    /// Trades the code for the grant, learns whose account it is, stores the refresh token
    /// sealed and lets the account's calendars join; returns the account's address.
    public func finish(_ provider: ConnectProvider, code: String, redirectURI: String, pkce: PKCE, now: Date) async throws -> String {
        guard let endpoint = endpoint(provider) else { throw Failure(description: "\(provider.title) is not set up for connecting") }
        let grant = try await endpoint.redeem(code: code, redirectURI: redirectURI, pkce: pkce)
        if provider == .google, let scope = grant.scope, !scope.split(separator: " ").contains("https://www.googleapis.com/auth/calendar.events") {
            if let refreshToken = grant.refreshToken { await revoke(Secret(refreshToken), at: endpoint) }
            throw Failure(description: "Google was not allowed to let this service see and edit your calendar's events. "
                + "Connect again and tick “See and edit events on all your calendars”.")
        }
        guard let refreshToken = grant.refreshToken else {
            throw Failure(description: "\(endpoint.provider.name) sent no refresh token, so the connection would stop working within the hour. "
                + "Remove the app's access in your account's security settings, then connect again.")
        }
        let tokens = RefreshingGrant(endpoint: endpoint, refreshToken: Secret(refreshToken), first: grant)
        let account: String
        do {
            account = try await signedInAccount(provider, tokens: tokens)
        } catch {
            // Nothing is stored: the grant just made is given back, not left live at the provider.
            await revoke(Secret(refreshToken), at: endpoint)
            throw error
        }
        let previous = try? await accounts.grant(provider)
        try await accounts.save(provider, account: account, refreshToken: Secret(refreshToken), now: now)
        // Another account replaced: its grant is given back. (The same account's earlier grant is
        // not: at Google, revoking it would revoke the new one with it.)
        if let previous, previous.account != account { await revoke(previous.refreshToken, at: endpoint) }
        logger.notice("account connected", metadata: ["provider": "\(provider.rawValue)", "account": "\(account)"])
        if let directory {
            directory.reset(waitingAccount(provider))
            await directory.connectWaiting()
            await onChange()
        }
        return account
    }

    /// Gives a grant back where the provider can (Google); a failure is logged, nothing more.
    private func revoke(_ token: Secret, at endpoint: OAuthTokenEndpoint) async {
        do throws(OAuthError) {
            try await endpoint.revoke(token)
        } catch {
            logger.warning("grant not revoked at the provider", metadata: ["provider": "\(endpoint.provider.name)", "error": "\(error)"])
        }
    }

    /// Revokes the grant where the provider can (Google), forgets it, and stops watching its
    /// calendars. Returns whether there was a connection; a revocation that fails is logged and the
    /// grant forgotten all the same (the host asked to be disconnected).
    @discardableResult
    public func disconnect(_ provider: ConnectProvider) async throws -> Bool {
        let grant: ConnectedAccounts.Grant?
        do {
            grant = try await accounts.grant(provider)
        } catch {
            grant = nil
        }
        if let grant, let endpoint = endpoint(provider) { await revoke(grant.refreshToken, at: endpoint) }
        let removed = try await accounts.forget(provider)
        if let directory {
            // Its sessions are no longer watched: reminders and notices not sent yet would carry
            // news nobody checks and links that act on nothing.
            let calendars = directory.calendarIDs(ofAccount: Self.label(provider))
            let skipped = try await accounts.store.skipUnsentMessages(calendarIDs: calendars,
                                                                     reason: "not sent: the host disconnected this calendar")
            if skipped > 0 { logger.notice("unsent messages of a disconnected calendar dropped", metadata: ["count": "\(skipped)"]) }
            directory.reset(waitingAccount(provider))
        }
        logger.notice("account disconnected", metadata: ["provider": "\(provider.rawValue)"])
        return removed
    }

    // MARK: Calendars

    /// How the directory names a connected account while it waits or is disconnected.
    public static func label(_ provider: ConnectProvider) -> String {
        "\(provider.title) account connected at /host/connect"
    }

    /// The account as the directory connects it each round until it is connected: the stored
    /// grant, its calendars resolved (`primary` to the account's own address).
    /// `readOnly` (`check`, the dry run): nothing is written, not even the status categories.
    public func waitingAccount(_ provider: ConnectProvider, readOnly: Bool = false) -> CalendarDirectory.WaitingAccount {
        let inUse = Mutex<Date?>(nil)
        let accounts = accounts
        return CalendarDirectory.WaitingAccount(
            label: Self.label(provider), kind: provider.kind,
            connect: {
                let (connected, grant) = try await connectedCalendars(provider, readOnly: readOnly)
                inUse.withLock { $0 = grant.connectedAt }
                return connected
            },
            hint: { error in
                if error is NotConnected { return "Open /host/connect and choose Connect \(provider.title) (or run gcal-whatsapp connect \(provider.rawValue))" }
                if error is ConnectedAccounts.Unreadable { return "Connect the account again at /host/connect" }
                return (try? source(provider, tokens: nil))?.accessHint(for: error)
            },
            isCurrent: {
                // Another process (`gcal-whatsapp connect`) may have stored a new grant, or removed it.
                guard let used = inUse.withLock({ $0 }) else { return true }
                do {
                    return try await accounts.connectedAt(provider) == used
                } catch {
                    return true  // a database that cannot be read now changes nothing
                }
            })
    }

    /// No account connected yet.
    struct NotConnected: CalendarDirectory.NotYetConnected, CustomStringConvertible {
        let provider: ConnectProvider
        var description: String { "not connected yet" }
    }

    func connectedCalendars(_ provider: ConnectProvider, readOnly: Bool) async throws
        -> ((calendarIDs: [String], source: any CalendarSource), ConnectedAccounts.Grant) {
        guard let grant = try await accounts.grant(provider), let endpoint = endpoint(provider) else { throw NotConnected(provider: provider) }
        let accounts = accounts, logger = logger
        let tokens = RefreshingGrant(endpoint: endpoint, refreshToken: grant.refreshToken, keep: { rotated in
            // Read-only (`check`, the dry run): the old token keeps working, and nothing is written.
            guard !readOnly else { return }
            do {
                try await accounts.replaceRefreshToken(provider, account: grant.account, with: rotated)
            } catch {
                logger.error("rotated refresh token not stored", metadata: ["provider": "\(provider.rawValue)", "error": "\(error)"])
            }
        })
        let source = try source(provider, tokens: tokens)
        switch source {
        case let google as GoogleCalendarSource:
            // With a service account also set, it serves GOOGLE_CALENDAR_ID; the connected account adds its own.
            let wanted = settings.serviceAccount == nil ? settings.calendarIDs : ["primary"]
            var calendarIDs: [String] = []
            for id in wanted { calendarIDs.append(try await google.client.calendar(id: id).id) }
            return ((calendarIDs, google), grant)
        case let graph as GraphCalendarSource:
            let address = try await graph.client.signedInAddress()
            if !readOnly {
                for problem in await graph.prepareCategories(in: [address]) {
                    logger.warning("Microsoft 365 categories", metadata: ["problem": "\(problem)"])
                }
            }
            return (([address], graph), grant)
        default:
            throw NotConnected(provider: provider)
        }
    }

    /// The account's calendar source on `tokens` (nil tokens: only for its advice).
    func source(_ provider: ConnectProvider, tokens: RefreshingGrant?) throws -> any CalendarSource {
        let tokens = tokens ?? RefreshingGrant(endpoint: endpoint(provider)!, refreshToken: Secret(""))
        let statuses = (settings.successColorID, settings.failureColorID, settings.confirmedColorID)
        switch provider {
        case .google:
            let client = GoogleCalendarClient(auth: ConnectedGoogleAccount(grant: tokens), baseURL: settings.googleCalendarAPIURL,
                                              httpClient: httpClient, retry: retry, logger: logger)
            return GoogleCalendarSource(client: client, serviceAccount: nil, isConnectedAccount: true)
        case .microsoft:
            guard let microsoft = settings.microsoft else { throw NotConnected(provider: provider) }
            let client = GraphClient(baseURL: microsoft.graphURL, tokens: ConnectedGraphAccount(grant: tokens), httpClient: httpClient,
                                     retry: retry, logger: logger)
            return GraphCalendarSource(client: client, mailboxes: [], statuses: statuses, isConnectedAccount: true)
        }
    }

    /// The address of the account `tokens` belong to: Google's primary calendar id (the account's
    /// address), Microsoft's `/me`.
    func signedInAccount(_ provider: ConnectProvider, tokens: RefreshingGrant) async throws -> String {
        switch try source(provider, tokens: tokens) {
        case let google as GoogleCalendarSource: try await google.client.calendar(id: "primary").id
        case let graph as GraphCalendarSource: try await graph.client.signedInAddress()
        default: throw NotConnected(provider: provider)
        }
    }
}
