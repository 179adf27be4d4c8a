public import Foundation
public import Logging
import Composition
import Emulators
import Fernet
import Notifier
import Prometheus
import ServiceLifecycle
import WebApp

/// `gcal-whatsapp sandbox`: the real service (the wiring of `serve`) against the built-in Google,
/// Twilio and Calendly emulators on 127.0.0.1, with a page to play host and attendee. No account,
/// no `.env`: keys and credentials are generated, the database lives in a throwaway folder.
public enum Sandbox {
    public static let calendarID = "host@sandbox.test"
    /// The approved quick-reply template the sandbox's reminders use, with the three buttons.
    static let reminderTemplate = "HX" + String(repeating: "5", count: 32)

    /// What the sandbox tells its user once everything listens.
    public struct Started: Sendable {
        public var page: URL
        /// The generated link key, as `FERNET_KEY` would hold it.
        public var fernetKey: String
        /// The host dashboard's password (`/host`), generated like the key.
        public var dashboardPassword: String
        /// Whether the key, the calendar and the chats are kept for the next run (`--data`).
        public var isKept: Bool
        public var resumed: Bool
        /// With `--caldav`: where the Radicale calendar is and how to add a session to it.
        public var calDAV: String?
    }

    /// Runs until SIGINT or SIGTERM; `announce` is told the page's URL once everything listens.
    /// With `calendly`, reschedule and book-again links go to the emulated Calendly page instead of
    /// the built-in booking pages. With `calDAV`, a local Radicale calendar is watched too (its
    /// calendar starts empty but for one sample on every run: Radicale keeps it in a throwaway folder).
    public static func run(port: Int, dataDirectory: String?, calendly useCalendly: Bool = false, calDAV useCalDAV: Bool = false,
                           meta useMeta: Bool = false, logger: Logger, announce: @escaping @Sendable (Started) -> Void) async throws {
        // Before anything starts: a missing Radicale is said at once, with how to install it.
        if useCalDAV, !CalDAVServer.Kind.radicale.isInstalled { throw SandboxCalDAV.NotInstalled() }
        let folder = try SandboxFolder(dataDirectory)
        let memory = SandboxMemory.load(from: folder)
        let google = try await GoogleEmulator.start(pageSize: 50)
        let twilio = try await TwilioEmulator.start(pageSize: 100)
        let zone = memory?.zone ?? TimeZone.current.identifier
        await google.addCalendar(calendarID, timeZone: zone)
        let calendly = try await CalendlyEmulator.start(google: google, calendarID: calendarID, timeZone: zone)
        // Only for "Connect Microsoft 365" at /host/connect: its mailbox is made at sign-in.
        let microsoft = try await MicrosoftEmulator.start(mailboxes: [])
        // With `--provider meta`, WhatsApp goes through the Meta emulator instead of Twilio's.
        let meta = useMeta ? try await MetaEmulator.start() : nil
        do {
            let calDAV = useCalDAV
                ? try await SandboxCalDAV.start(zone: zone, folder: folder.isKept ? URL(fileURLWithPath: folder.path("radicale")) : nil) : nil
            let fernetKey = try SandboxMemory.fernetKey(in: folder)
            // Derived from the key, so a resumed sandbox keeps its password too.
            let dashboardPassword = String(fernetKey.filter { $0.isLetter || $0.isNumber }.prefix(12))
            let port = port == 0 ? try LoopbackPort.free() : port
            let base = URL(string: "http://127.0.0.1:\(port)")!
            let keyPath = folder.path("service-account.json")
            try folder.writePrivately(await google.makeServiceAccount().json, to: "service-account.json")
            var environment: [String: String] = [
                "FERNET_KEY": fernetKey, "PUBLIC_BASE_URL": base.absoluteString,
                "CALENDLY_WEBHOOK_SIGNING_KEY": calendly.signingKey,
                // The built-in booking pages: free times every day from 8 to 20, an hour's notice.
                "BOOKING_HOURS": "Mon-Sun 08:00-20:00", "BOOKING_NOTICE": "1h", "BOOKING_DAYS_AHEAD": "7",
                "HTTP_HOST": "127.0.0.1", "HTTP_PORT": String(port), "DATABASE_PATH": folder.path("sandbox.sqlite"),
                // Push, as Google gives it: the emulated calendar posts to the service on every change;
                // the poll is only the safety net.
                "POLL_INTERVAL": "60s", "LOG_LEVEL": "notice", "GOOGLE_PUSH": "on",
                // Reminders two minutes ahead, so that one shows up soon after creating a session.
                "REMINDERS": "2m", "TWILIO_CONTENT_SID_REMINDER": reminderTemplate,
                // What attendees see at the top of every page.
                "BUSINESS_NAME": "Sandbox Coaching", "DASHBOARD_PASSWORD": dashboardPassword,
            ]
            await twilio.defineQuickReplyTemplate(reminderTemplate, text: "Reminder: your session \"{{1}}\" starts {{2}}.", buttons: [
                QuickReplyButton(id: "confirm", title: "Confirm"), QuickReplyButton(id: "cancel", title: "Cancel"),
                QuickReplyButton(id: "reschedule", title: "Reschedule"),
            ])
            environment.merge(google.settings(calendarID: calendarID, serviceAccountFile: keyPath)) { $1 }
            // "Connect Google Calendar" and "Connect Microsoft 365" at /host/connect, against the
            // emulated sign-in pages: a connected account's own calendar is watched beside the sandbox's.
            environment.merge(google.oauthSettings) { $1 }
            environment.merge(await microsoft.connectSettings()) { $1 }
            environment["MICROSOFT_PUSH"] = "on"
            environment = environment.filter { !$0.value.isEmpty }
            environment.merge(twilio.settings) { $1 }
            if let meta {
                environment.merge(meta.settings) { $1 }
                environment["META_TEMPLATE_REMINDER"] = "session_reminder"
                meta.defineTemplate("session_reminder", language: "en", text: "Reminder: your session \"{{1}}\" starts {{2}}.")
                // The sandbox's attendees never wrote first: free text reaches them, as Twilio's emulator lets it.
                meta.setRequireSessionWindow(false)
                meta.setWebhook(publicBaseURL: base)
            }
            if useCalendly { environment["CALENDLY_SCHEDULING_URL"] = calendly.schedulingURL.absoluteString }
            if let calDAV {
                environment.merge(calDAV.settings) { $1 }
                // CalDAV has no push: a session added in a CalDAV app shows up within 10 s.
                environment["POLL_INTERVAL"] = "10s"
            }
            let settings = try Settings(source: ConfigurationSource(environment: environment))
            await calendly.setRedirectURL(base.appendingPathComponent("confirm"))
            await calendly.setWebhook(url: base.appendingPathComponent("webhooks/calendly"))

            let carrier: SandboxCarrier = meta.map { .meta($0) } ?? .twilio(twilio, inboundURL: base.appendingPathComponent("webhooks/twilio/inbound"))
            let desk = SandboxDesk(google: google, carrier: carrier, calendarID: calendarID, zone: zone,
                                   bookingURL: useCalendly ? calendly.schedulingURL : nil)
            if let memory {
                await desk.resume(memory)
                // This emulated Google never saw the channels the database remembers: open new ones.
                let store = try AppDatabase.open(path: settings.databasePath)
                try await store.forgetPushChannels(at: Date())
                // Nor the accounts connected in the last run, whose grants and cursors name the old
                // emulators: they are forgotten, to be connected again.
                let connected = try await store.connectedAccounts()
                try await store.forgetSyncCursors(calendarIDs: connected.map(\.account))
                for provider in connected.compactMap({ ConnectProvider(rawValue: $0.provider) }) {
                    try await ConnectedAccounts(store: store, keys: settings.fernetKeys).forget(provider)
                }
            } else {
                try await SampleSessions.seed(google, calendarID: calendarID, zone: zone)
            }
            let started = Started(page: base.appendingPathComponent("sandbox"), fernetKey: fernetKey,
                                  dashboardPassword: dashboardPassword, isKept: folder.isKept,
                                  resumed: memory != nil, calDAV: calDAV?.instructions)
            let running = try await WhatsAppService.start(settings: settings, logger: logger, signals: [.sigterm, .sigint],
                                                          additionalRoutes: { SandboxPage(desk: desk).add(to: $0) })
            announce(started)
            let keeping = Task { await keep(desk, in: folder, logger: logger) }
            defer { keeping.cancel() }
            try await running.waitUntilStopped()
            keeping.cancel()
            // The last save must not race one of the keeper's.
            await keeping.value
            try await desk.memory().save(to: folder)
            withExtendedLifetime(calDAV) {}
        } catch {
            await meta?.stop()
            await microsoft.stop()
            await stop(google, twilio, calendly)
            throw error
        }
        await meta?.stop()
        await microsoft.stop()
        await stop(google, twilio, calendly)
    }

    /// Writes what the page shows to the data folder every couple of seconds when it changed.
    private static func keep(_ desk: SandboxDesk, in folder: SandboxFolder, logger: Logger) async {
        guard folder.isKept else { return }
        var saved = ""
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(2))
            let version = await desk.version()
            guard version != saved else { continue }
            do {
                try await desk.memory().save(to: folder)
                saved = version
            } catch {
                logger.error("the sandbox's state could not be saved", metadata: ["error": "\(error)"])
            }
        }
    }

    private static func stop(_ google: GoogleEmulator, _ twilio: TwilioEmulator, _ calendly: CalendlyEmulator) async {
        await calendly.stop()
        await twilio.stop()
        await google.stop()
    }
}
