import AsyncHTTPClient
public import ClientSupport
public import Foundation
public import GoogleCalendar
public import Logging
public import Notifier
public import Twilio
import Calendly
import MetaCloud
import PostgresStore

/// The composition root: `Settings`, with an HTTP client, a logger and a clock, become the
/// running service. `serve`, `sync`, the sandbox, the end-to-end tests and the benchmarks all
/// build it here, so they all run the same wiring.
public struct WhatsAppService: Sendable {
    public let settings: Settings
    package let store: any ServiceStore
    /// Google's client, when a Google calendar is watched.
    public let google: GoogleCalendarClient?
    /// The rules' view of the calendars: every watched calendar behind one `CalendarSource`, and
    /// which are disconnected.
    public let calendars: CalendarDirectory
    /// Every calendar watched now (Google's ids, CalDAV's collection URLs).
    public var calendarIDs: [String] { calendars.calendarIDs }
    public let twilio: TwilioClient
    /// The link key ring: what every token is minted and read with.
    public let links: LinkTokenCodec
    /// Which links attendees get, with their tokens and addresses.
    public let attendeeLinks: AttendeeLinks
    /// The doorbells of the three loops; `waitUntilIdle` watches them.
    public let bells: ServiceBells
    public let watcher: CalendarWatcher
    public let sender: MessageSender
    public let writeBack: CalendarWriteBack
    /// Keeps Google push channels open; nil when push is off (or cannot work, see `Settings.pushProblem`).
    public let pushKeeper: PushChannelKeeper?
    /// Graph's change notifications, with Microsoft push on.
    public let graphNotifications: GraphNotifications?
    /// Who carries the WhatsApp messages: Twilio or Meta's Cloud API (`WHATSAPP_PROVIDER`).
    public let provider: any WhatsAppProvider
    /// Connecting the host's own accounts (DESIGN.md §24); `/host/connect` says which providers
    /// are set up for it.
    public let connector: AccountConnector
    /// With several workers: rings passed between them (nil on SQLite).
    package let doorbells: WorkerDoorbells?
    /// What the HTTP routes use: the domain operations they translate requests into.
    public let web: WebAppContextParts
    let onePass: OnePass
    let logger: Logger

    /// Wires the service over an open store and loads the templates (unless `templates` are
    /// given, loaded already); throws with a message naming what is wrong.
    package init(
        settings: Settings, store: any ServiceStore, cluster: ServiceCluster = .alone, httpClient: HTTPClient,
        calendars connected: ServiceCalendars, logger: Logger, tuning: Tuning = .standard, now: @escaping @Sendable () -> Date = Date.init,
        templates loaded: MessageTemplates? = nil
    ) throws {
        self.settings = settings
        self.logger = logger
        self.store = store
        let templates = try loaded ?? MessageTemplates.load(directory: settings.templatesDirectory)
        let text = NoticeText(settings: settings, templates: templates)
        let links = Self.attendeeLinks(settings)
        self.links = links.codec
        attendeeLinks = links
        let calendars = connected.directory
        google = connected.google?.client
        self.calendars = calendars
        // Every send call ends within a known time (`SendCallLimit`), its rate-limit retries included.
        let sendRetry = tuning.twilioRetry.startingNoTryAfter(SendCallLimit.lastTryStart)
        twilio = TwilioClient(accountSID: settings.twilio.accountSID, authToken: settings.twilio.authToken.value,
                              baseURL: settings.twilio.apiURL, httpClient: httpClient, retry: sendRetry,
                              requestTimeout: tuning.twilioRequestTimeout, logger: logger)
        let bells = ServiceBells()
        self.bells = bells
        doorbells = cluster.connect(bells)
        let leases = cluster.leases
        let cancellation = EventCancellation(source: calendars, defaultCallingCode: settings.defaultCallingCode, bells: bells)

        watcher = CalendarWatcher(
            sync: CalendarSync(source: calendars, store: store, notifyHorizon: settings.notifyHorizon,
                               defaultCallingCode: settings.defaultCallingCode, reminders: settings.reminders, now: now),
            calendars: calendars, pollInterval: settings.pollInterval, bells: bells, logger: logger, leases: leases)
        let provider = Self.whatsAppProvider(settings, twilio: twilio, store: store, httpClient: httpClient, retry: sendRetry,
                                             timeout: tuning.twilioRequestTimeout, statusWait: tuning.metaStatusWait, logger: logger, now: now)
        self.provider = provider
        let dispatcher = OutboxDispatcher(
            store: store, provider: provider, text: text, links: links, contentSIDs: settings.whatsAppTemplates,
            schedule: tuning.retrySchedule, concurrency: settings.twilio.sendConcurrency,
            perSecond: settings.twilio.sendRatePerSecond, logger: logger, now: now)
        sender = MessageSender(dispatcher: dispatcher, store: store, pollInterval: settings.pollInterval, bells: bells, logger: logger)
        writeBack = CalendarWriteBack(
            annotator: EventAnnotator(store: store, source: calendars, publicBaseURL: settings.publicBaseURL,
                                      colors: EventAnnotation.Colors(success: settings.successColorID, failure: settings.failureColorID,
                                                                     confirmed: settings.confirmedColorID),
                                      writesPerSecond: settings.googleWriteRate, defaultCallingCode: settings.defaultCallingCode, logger: logger,
                                      leases: leases),
            superseded: SupersededEvents(store: store, source: calendars, logger: logger, now: now, leases: leases),
            requested: RequestedCancellations(store: store, cancellation: cancellation, logger: logger, now: now, leases: leases),
            pollInterval: settings.pollInterval, bells: bells)
        // A connected account's calendars join while the service runs (DESIGN.md §24): they wait in
        // the directory like a CalDAV account, and the push keepers read the directory each round.
        let connector = AccountConnector(
            settings: settings, accounts: ConnectedAccounts(store: store, keys: settings.fernetKeys), httpClient: httpClient,
            retry: tuning.googleRetry, directory: calendars, logger: logger, onChange: { bells.watcher.ring(); bells.push.ring() })
        for provider in settings.connectProviders { calendars.wait(for: connector.waitingAccount(provider)) }
        self.connector = connector
        var pushed: [PushChannels] = []
        if connected.google != nil || settings.googleOAuth != nil, settings.googlePush, settings.pushProblem == nil {
            pushed.append(PushChannels(store: store, watched: { calendars.pushTargets(kind: "Google Calendar") }, fallback: connected.google,
                                       address: settings.publicBaseURL.appendingPathComponent("webhooks/google"), logger: logger, now: now,
                                       leases: leases))
        }
        let microsoftPush = settings.microsoft?.push == true && settings.microsoftPushProblem == nil
        if microsoftPush {
            pushed.append(PushChannels(store: store, watched: { calendars.pushTargets(kind: "Microsoft 365") }, fallback: connected.microsoft,
                                       address: settings.publicBaseURL.appendingPathComponent("webhooks/microsoft"), idPrefix: "graph-",
                                       logger: logger, now: now, leases: leases))
        }
        pushKeeper = pushed.isEmpty ? nil : PushChannelKeeper(channels: pushed, bells: bells)
        graphNotifications = if microsoftPush {
            GraphNotifications(store: store, watcher: watcher, bells: bells, renew: { [store] subscriptionID in
                // The subscription's own mailbox's source: the app's, or a connected account's.
                let calendarID = try await store.pushChannel(resourceID: subscriptionID)?.calendarID
                guard let graph = calendarID.flatMap({ calendars.watchedSource(of: $0) as? GraphCalendarSource }) ?? connected.microsoft
                else { throw CalendarDirectory.UnknownCalendar(calendarID: calendarID ?? subscriptionID) }
                return try await graph.renew(subscriptionID: subscriptionID)
            }, now: now)
        } else {
            nil
        }
        onePass = OnePass(watcher: watcher, sender: sender, writeBack: writeBack, store: store, text: text, links: links)

        let check = LinkCheck(codec: links.codec, store: store, isWatched: { calendars.calendarIDs.contains($0) },
                              defaultCallingCode: settings.defaultCallingCode)
        var booking: BookingDesk?
        if let hours = settings.booking.hours, settings.offersBuiltInBooking {
            booking = BookingDesk(source: calendars, store: store, check: check, settings: settings.booking, hours: hours, bells: bells,
                                  lock: cluster.bookingLock)
        }
        let deliveryReports = DeliveryReports(store: store, bells: bells, logger: logger)
        let conversation = InboundConversation(store: store, text: text, links: links, defaultCallingCode: settings.defaultCallingCode, bells: bells)
        web = WebAppContextParts(
            cancellation: SessionCancellation(check: check, cancellation: cancellation),
            reschedules: RescheduleBookings(check: check, store: store, bells: bells),
            deliveryReports: deliveryReports,
            conversation: conversation,
            metaEvents: Self.metaEvents(provider, store: store, deliveryReports: deliveryReports, conversation: conversation, logger: logger,
                                        dispatcher: dispatcher),
            booking: booking,
            calendly: settings.calendly.apiToken.map {
                CalendlyClient(apiToken: $0.value, baseURL: settings.calendly.apiURL, httpClient: httpClient, logger: logger)
            },
            now: now)
    }

    /// Meta's webhook events, when Meta carries the messages.
    static func metaEvents(_ provider: any WhatsAppProvider, store: any ServiceStore, deliveryReports: DeliveryReports,
                           conversation: InboundConversation, logger: Logger, dispatcher: OutboxDispatcher) -> MetaWebhookEvents? {
        (provider as? MetaProvider).map {
            MetaWebhookEvents(store: store, deliveryReports: deliveryReports, conversation: conversation, provider: $0, logger: logger,
                              pacedWith: dispatcher)
        }
    }

    /// Twilio, or Meta's Cloud API with `WHATSAPP_PROVIDER=meta` (DESIGN.md §25).
    static func whatsAppProvider(_ settings: Settings, twilio: TwilioClient, store: any ServiceStore, httpClient: HTTPClient, retry: CallRetryPolicy,
                                 timeout: Duration, statusWait: TimeInterval = MetaProvider.statusWait, logger: Logger,
                                 now: @escaping @Sendable () -> Date) -> any WhatsAppProvider {
        if settings.whatsAppProvider == .meta, let meta = settings.meta {
            let client = MetaClient(baseURL: meta.apiURL, accessToken: meta.accessToken, phoneNumberID: meta.phoneNumberID, httpClient: httpClient,
                                    retry: retry, requestTimeout: timeout, logger: logger)
            return MetaProvider(client: client, templateLanguage: meta.templateLanguage, defaultLanguage: settings.defaultLanguage,
                                statusWait: statusWait, now: now)
        }
        return TwilioProvider(twilio: twilio, sender: .init(from: settings.twilio.whatsAppFrom.e164, messagingServiceSID: settings.twilio.messagingServiceSID,
                                                            statusCallback: settings.publicBaseURL.appendingPathComponent("webhooks/twilio/status")),
                              store: store)
    }

    /// The attendee links the settings call for: reschedule with Calendly or the booking pages,
    /// book-again with the booking pages.
    static func attendeeLinks(_ settings: Settings) -> AttendeeLinks {
        AttendeeLinks(codec: LinkTokenCodec(keys: settings.fernetKeys), publicBaseURL: settings.publicBaseURL,
                      offersReschedule: settings.offersReschedule, offersBooking: settings.offersBuiltInBooking)
    }

    /// `sync --dry-run`: what a sync would send now, read through the same calendar source as the
    /// service, changing nothing anywhere.
    public static func dryRun(settings: Settings, logger: Logger) async throws -> DryRun.Plan {
        let httpClient = HTTPClient.forService(settings)
        do {
            let calendars = ServiceCalendars.connect(settings, httpClient: httpClient, logger: logger)
            // Connected accounts too, read from the database without writing to it.
            if !settings.connectProviders.isEmpty, let store = try? await ServiceStores.openForReading(settings, logger: logger) {
                let connector = AccountConnector(settings: settings, accounts: ConnectedAccounts(store: store, keys: settings.fernetKeys),
                                                 httpClient: httpClient, directory: nil, logger: logger)
                for provider in settings.connectProviders { calendars.directory.wait(for: connector.waitingAccount(provider, readOnly: true)) }
            }
            await calendars.directory.connectWaiting()
            let store = try await ServiceStores.openForReading(settings, logger: logger)
            var plan: DryRun.Plan
            do {
                plan = try await DryRun(settings: settings, store: store, source: calendars.directory, calendarIDs: calendars.calendarIDs,
                                        links: attendeeLinks(settings)).plan()
                await store.close()
            } catch {
                await store.close()
                throw error
            }
            plan.problems += calendars.directory.disconnections.map(\.problem)
            try? await httpClient.shutdown()
            return plan
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    /// Returns once the loops have done everything they were rung for (tests wait on this).
    public func waitUntilIdle() async {
        await bells.waitUntilIdle()
    }

    /// One round of watching, sending and writing back (`gcal-whatsapp sync`).
    public func runOnePass() async -> OnePass.Report {
        await onePass.run()
    }
}

/// The domain operations behind the HTTP routes, wired once.
public struct WebAppContextParts: Sendable {
    public let cancellation: SessionCancellation
    public let reschedules: RescheduleBookings
    public let deliveryReports: DeliveryReports
    public let conversation: InboundConversation
    /// Meta's webhook events, with `WHATSAPP_PROVIDER=meta`.
    let metaEvents: MetaWebhookEvents?
    let booking: BookingDesk?
    let calendly: CalendlyClient?
    let now: @Sendable () -> Date
}

extension WhatsAppService {
    /// Retries and time limits; tests shorten them so that a deferred message comes due within the test.
    public struct Tuning: Sendable {
        public var googleRetry: CallRetryPolicy
        /// Retries of a rate-limited Twilio call within the call itself.
        public var twilioRetry: CallRetryPolicy
        public var twilioRequestTimeout: Duration
        public var retrySchedule: OutboxRetrySchedule
        /// How long an unclear send through Meta waits for its status (15 minutes but in the soak).
        public var metaStatusWait: TimeInterval = MetaProvider.statusWait

        public init(googleRetry: CallRetryPolicy, twilioRetry: CallRetryPolicy = .standard, twilioRequestTimeout: Duration,
                    retrySchedule: OutboxRetrySchedule) {
            self.googleRetry = googleRetry
            self.twilioRetry = twilioRetry
            self.twilioRequestTimeout = twilioRequestTimeout
            self.retrySchedule = retrySchedule
        }

        public static let standard = Tuning(googleRetry: .standard, twilioRequestTimeout: .seconds(15), retrySchedule: .standard)
    }
}
