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

    /// Runs until SIGINT or SIGTERM; `announce` gets the page's URL once everything listens.
    public static func run(port: Int, dataDirectory: String?, logger: Logger, announce: @escaping @Sendable (URL) -> Void) async throws {
        let google = try await GoogleEmulator.start(pageSize: 50)
        let twilio = try await TwilioEmulator.start(pageSize: 100)
        let zone = TimeZone.current.identifier
        await google.addCalendar(calendarID, timeZone: zone)
        let calendly = try await CalendlyEmulator.start(google: google, calendarID: calendarID, timeZone: zone)
        let folder = try SandboxFolder(dataDirectory)
        do {
            let port = port == 0 ? try LoopbackPort.free() : port
            let base = URL(string: "http://127.0.0.1:\(port)")!
            let keyPath = folder.path("service-account.json")
            try await google.makeServiceAccount().json.write(to: URL(fileURLWithPath: keyPath))
            let environment: [String: String] = [
                "GOOGLE_CALENDAR_ID": calendarID, "GOOGLE_SERVICE_ACCOUNT_FILE": keyPath,
                "GOOGLE_CALENDAR_API_URL": google.baseURL.absoluteString,
                "TWILIO_ACCOUNT_SID": twilio.accountSID, "TWILIO_AUTH_TOKEN": twilio.authToken,
                "TWILIO_WHATSAPP_FROM": twilio.whatsAppNumber, "TWILIO_API_URL": twilio.baseURL.absoluteString,
                "FERNET_KEY": FernetKey.generate().base64URL, "PUBLIC_BASE_URL": base.absoluteString,
                "CALENDLY_SCHEDULING_URL": calendly.schedulingURL.absoluteString,
                "CALENDLY_WEBHOOK_SIGNING_KEY": calendly.signingKey,
                "HTTP_HOST": "127.0.0.1", "HTTP_PORT": String(port), "DATABASE_PATH": folder.path("sandbox.sqlite"),
                // Push, as Google gives it: the emulated calendar posts to the service on every change;
                // the poll is only the safety net.
                "POLL_INTERVAL": "60s", "LOG_LEVEL": "notice", "GOOGLE_PUSH": "on",
                // Reminders two minutes ahead, so that one shows up soon after creating a session.
                "REMINDERS": "2m", "TWILIO_CONTENT_SID_REMINDER": reminderTemplate,
            ]
            await twilio.defineQuickReplyTemplate(reminderTemplate, text: "Reminder: your session \"{{1}}\" starts {{2}}.", buttons: [
                QuickReplyButton(id: "confirm", title: "Confirm"), QuickReplyButton(id: "cancel", title: "Cancel"),
                QuickReplyButton(id: "reschedule", title: "Reschedule"),
            ])
            let settings = try Settings(source: ConfigurationSource(environment: environment))
            let service = try WhatsAppService(settings: settings, httpClient: .shared, logger: logger)
            await calendly.setRedirectURL(base.appendingPathComponent("confirm"))
            await calendly.setWebhook(url: base.appendingPathComponent("webhooks/calendly"))
            try await SampleSessions.seed(google, calendarID: calendarID, zone: zone)

            let desk = SandboxDesk(google: google, twilio: twilio, calendarID: calendarID, zone: zone,
                                   inboundURL: base.appendingPathComponent("webhooks/twilio/inbound"),
                                   bookingURL: calendly.schedulingURL)
            let group = try service.serviceGroup(
                additionalRoutes: { SandboxPage(desk: desk).add(to: $0) },
                onServerRunning: { _ in announce(base.appendingPathComponent("sandbox")) })
            try await group.run()
        } catch {
            await stop(google, twilio, calendly)
            throw error
        }
        await stop(google, twilio, calendly)
    }

    private static func stop(_ google: GoogleEmulator, _ twilio: TwilioEmulator, _ calendly: CalendlyEmulator) async {
        await calendly.stop()
        await twilio.stop()
        await google.stop()
    }
}
