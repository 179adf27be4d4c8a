public import ClientSupport
public import AsyncHTTPClient
public import Foundation
public import GoogleCalendar
public import Logging
public import Twilio
public import Calendly

/// The service's parts, wired from the settings: the store, the Google and Twilio clients, the
/// calendar sync, the outbox dispatcher and the calendar write-back. `serve`, `sync`, the sandbox
/// and the end-to-end tests all build it here, so they run the same wiring.
public struct Notifier: Sendable {
    public let settings: Settings
    public let store: AppDatabase
    public let google: GoogleCalendarClient
    public let twilio: TwilioClient
    public let calendarSync: CalendarSync
    public let dispatcher: OutboxDispatcher
    public let writeBack: CalendarWriteBack
    /// Single-use scheduling links, when `CALENDLY_API_TOKEN` is set.
    public let calendly: CalendlyClient?
    public let text: NoticeText
    public let links: LinkTokenCodec
    public let logger: Logger
    let now: @Sendable () -> Date

    /// Opens the database and loads the templates; fails with a message naming what is wrong.
    public init(
        settings: Settings, httpClient: HTTPClient, logger: Logger, googleRetry: CallRetryPolicy = .standard,
        twilioRequestTimeout: Duration = .seconds(15), retrySchedule: OutboxRetrySchedule = .standard,
        now: @escaping @Sendable () -> Date = Date.init
    ) throws {
        self.settings = settings
        self.logger = logger
        self.now = now
        store = try AppDatabase.open(path: settings.databasePath)
        text = NoticeText(templates: try MessageTemplates.load(directory: settings.templatesDirectory),
                          bookingURL: settings.calendly.schedulingURL)
        links = LinkTokenCodec(keys: settings.fernetKeys)
        google = GoogleCalendarClient(settings: settings, httpClient: httpClient, retry: googleRetry, logger: logger)
        twilio = TwilioClient(accountSID: settings.twilio.accountSID, authToken: settings.twilio.authToken.value,
                              baseURL: settings.twilio.apiURL, httpClient: httpClient,
                              requestTimeout: twilioRequestTimeout, logger: logger)
        calendly = settings.calendly.apiToken.map {
            CalendlyClient(apiToken: $0.value, baseURL: settings.calendly.apiURL, httpClient: httpClient, logger: logger)
        }
        calendarSync = CalendarSync(google: google, store: store, notifyHorizon: settings.notifyHorizon,
                                    defaultCallingCode: settings.defaultCallingCode, now: now)
        dispatcher = OutboxDispatcher(
            store: store, twilio: twilio, text: text, codec: links, publicBaseURL: settings.publicBaseURL,
            offersReschedule: settings.calendly.schedulingURL != nil, contentSIDs: settings.twilio.contentSIDs,
            sender: .init(from: settings.twilio.whatsAppFrom.e164, messagingServiceSID: settings.twilio.messagingServiceSID,
                          statusCallback: settings.publicBaseURL.appendingPathComponent("webhooks/twilio/status")),
            schedule: retrySchedule, concurrency: settings.twilio.sendConcurrency,
            perSecond: settings.twilio.sendRatePerSecond, logger: logger, now: now)
        writeBack = CalendarWriteBack(store: store, google: google, publicBaseURL: settings.publicBaseURL,
                                      successColorID: settings.successColorID, failureColorID: settings.failureColorID,
                                      logger: logger)
    }

    /// What one pass found and did, for `sync`'s report and exit status.
    public struct PassReport: Sendable {
        /// The notices this pass decided, with the texts they were sent with (`runPass` fills them in).
        public var notices: [PlannedNotice] = []
        /// The same, as the sync decided them.
        var decided: [OutboxMessage] = []
        public var dispatch = OutboxDispatcher.Report()
        public var problems: [String] = []
        /// Calendar events still waiting to show an outcome (Google unreachable).
        public var writeBacksWaiting = 0

        public init() {}
    }

    /// One sync of every calendar, then one dispatch and write-back pass (`gcal-whatsapp sync`).
    public func runPass() async -> PassReport {
        var report = PassReport()
        await syncCalendars(into: &report)
        await dispatchAndWriteBack(into: &report)
        await fillInTexts(of: &report)
        return report
    }

    /// The text each decided notice went out with: its stored body, or, for an approved
    /// template or a message not tried yet, the free text with the links it carries.
    private func fillInTexts(of report: inout PassReport) async {
        for decided in report.decided {
            let stored = (try? await store.outboxMessage(decided.calendarID, decided.eventID, noticeKey: decided.noticeKey)) ?? decided
            let links = stored.cancelCode.map { cancel in
                NoticeLinks(cancel: NoticeDrafter.shortURL(code: cancel, base: settings.publicBaseURL),
                            reschedule: stored.rescheduleCode.map { NoticeDrafter.shortURL(code: $0, base: settings.publicBaseURL) })
            }
            report.notices.append(PlannedNotice(stored, text: stored.body ?? text.body(for: stored, links: links)))
        }
    }

    /// Syncs every calendar (one failing does not stop the others) and returns what was decided.
    public func syncCalendars(into report: inout PassReport) async {
        for calendarID in settings.calendarIDs {
            do {
                report.decided += try await calendarSync.sync(calendarID: calendarID).notices
            } catch {
                logger.error("calendar sync failed", metadata: ["calendar": "\(calendarID)", "error": "\(error)"])
                report.problems.append("calendar \(calendarID): \(error)")
            }
        }
    }

    /// Sends what is due, deletes sessions moved through Calendly, then shows outcomes in the calendar.
    public func dispatchAndWriteBack(into report: inout PassReport) async {
        do {
            report.dispatch = try await dispatcher.dispatchDue()
        } catch {
            logger.error("dispatch failed", metadata: ["error": "\(error)"])
            report.problems.append("dispatch: \(error)")
        }
        await deleteRescheduledSessions(into: &report)
        do {
            report.writeBacksWaiting = try await writeBack.writeDue()
        } catch {
            report.problems.append("calendar write-back: \(error)")
        }
    }

    /// Deletes each old event whose attendee booked a new time through Calendly. The sync treats
    /// it as superseded, so its deletion sends no cancellation; a failure is retried next pass.
    func deleteRescheduledSessions(into report: inout PassReport) async {
        let waiting: [Reschedule]
        do {
            waiting = try await store.reschedulesAwaitingDeletion(at: now())
        } catch {
            report.problems.append("reschedule: \(error)")
            return
        }
        for reschedule in waiting {
            do {
                try await google.deleteEvent(calendarID: reschedule.calendarID, eventID: reschedule.eventID)
                try await store.recordOldEventDeleted(token: reschedule.token, at: now())
                logger.info("rescheduled session's old event deleted",
                            metadata: ["calendar": "\(reschedule.calendarID)", "event": "\(reschedule.eventID)"])
            } catch {
                logger.warning("old event of a reschedule not deleted yet",
                               metadata: ["event": "\(reschedule.eventID)", "error": "\(error)"])
                report.problems.append("reschedule of \(reschedule.eventID): \(error)")
            }
        }
    }
}
