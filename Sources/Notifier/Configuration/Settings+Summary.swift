extension Settings {
    /// What an operator wants to see after `check`: the effective values, secrets left out,
    /// the sender number masked.
    public var summary: [String] {
        var lines = businessName.map { ["business:         \($0)"] } ?? []
        lines += [
        ]
        if let serviceAccount {
            lines += ["calendars:        \(calendarIDs.joined(separator: ", "))", "service account:  \(serviceAccount.clientEmail)"]
        }
        if let googleOAuth {
            let watched = serviceAccount == nil ? calendarIDs.joined(separator: ", ") : "primary"
            lines.append("Google account:   connected at /host/connect or with `connect google` (client \(googleOAuth.clientID); watches \(watched))")
            if googleOAuth.tokenURL.absoluteString != "https://oauth2.googleapis.com/token" { lines.append("Google OAuth:     \(googleOAuth.authURL.absoluteString), \(googleOAuth.tokenURL.absoluteString)") }
            if dashboardPassword == nil { lines.append("                  (no dashboard: connect with `gcal-whatsapp connect google`)") }
        }
        if let calDAV {
            let named = calDAV.calendars.isEmpty ? "the default calendar" : calDAV.calendars.joined(separator: ", ")
            lines.append("CalDAV:           \(calDAV.url.absoluteString) as \(calDAV.username) (\(named))")
        }
        if let microsoft {
            if !microsoft.calendars.isEmpty {
                lines.append("Microsoft 365:    \(microsoft.calendars.joined(separator: ", ")) (app \(microsoft.clientID), tenant \(microsoft.tenant))")
            }
            if microsoft.connectsAccount {
                lines.append("Microsoft 365 me: connected at /host/connect or with `connect microsoft` (app \(microsoft.clientID), tenant \(microsoft.tenant))")
            }
            if microsoft.graphURL.absoluteString != "https://graph.microsoft.com/v1.0" { lines.append("Graph API:        \(microsoft.graphURL.absoluteString)") }
            if microsoft.loginURL.absoluteString != "https://login.microsoftonline.com" { lines.append("Microsoft login:  \(microsoft.loginURL.absoluteString)") }
            lines.append("Microsoft push:   \(microsoft.push ? (microsoftPushProblem.map { "on, but it cannot work: \($0)" } ?? "on") : "off (mailboxes are polled)")")
        }
        if let meta, whatsAppProvider == .meta {
            let templates = [("scheduled", meta.templates.scheduled), ("rescheduled", meta.templates.rescheduled),
                             ("cancelled", meta.templates.cancelled), ("reminder", meta.templates.reminder)]
                .compactMap { kind, name in name.map { "\(kind) \($0)" } }
            lines += ["WhatsApp through: Meta's Cloud API at \(meta.apiURL.absoluteString), number id \(meta.phoneNumberID)",
                      "Meta templates:   \(templates.isEmpty ? "none (free text: delivered only inside the 24-hour window)" : templates.joined(separator: ", ") + " in \(meta.templateLanguage) (\(defaultLanguage.code), and where Meta has no translation), else in each attendee's language")"]
        } else {
            lines += ["Twilio account:   \(twilio.accountSID)", "WhatsApp sender:  \(twilio.whatsAppFrom.masked)"]
        }
        lines += [
            "public base URL:  \(publicBaseURL.absoluteString)",
            databaseURL.map { "database:         PostgreSQL at \($0) (several `serve` workers may share it)" }
                ?? "database:         SQLite at \(databasePath) (one `serve`)",
            "poll interval:    \(pollInterval.settingText)",
            "Google push:      \(calendarIDs.isEmpty && googleOAuth == nil ? "none (no Google calendar)" : googlePush ? (pushProblem == nil ? "on" : "on, but it cannot work: \(pushProblem!)") : "off")",
        ]
        if let defaultCallingCode { lines.append("default country:  \(defaultCallingCode)") }
        lines.append("languages:        default \(defaultLanguage.code)\(languageByCountry ? ", else by the number's country" : ""); "
                     + "an event's #lang and the attendee's own choice come first")
        let perLanguage = twilio.contentSIDs.byLanguage.keys.sorted().map(\.code)
        if whatsAppProvider == .twilio, !perLanguage.isEmpty { lines.append("templates in:     \(perLanguage.joined(separator: ", ")) (others fall back to \(defaultLanguage.code))") }
        if let notifyHorizon { lines.append("notify horizon:   \(notifyHorizon.settingText)") }
        if !reminders.isEmpty { lines.append("reminders:        \(reminders.map(\.settingText).joined(separator: ", "))") }
        if let url = calendly.schedulingURL { lines.append("Calendly page:    \(url.absoluteString)") }
        if let hours = booking.hours {
            lines.append(offersBuiltInBooking
                ? "booking pages:    \(hours.summary), \(booking.daysAhead) days ahead, notice \(booking.notice.settingText), every \(booking.step.settingText)"
                : "booking pages:    off: BOOKING_HOURS is ignored while CALENDLY_SCHEDULING_URL is set")
        }
        lines.append("sending:          \(twilio.sendConcurrency) at once, at most \(twilio.sendRatePerSecond)/s")
        lines.append("write-backs:      at most \(googleWriteRate)/s")
        lines.append("colours:          sent \(successColorID), failed \(failureColorID), confirmed \(confirmedColorID)")
        lines.append("request timeout:  \(http.requestTimeout.settingText)")
        let proxies = http.trustedProxies.ranges.map(\.description).joined(separator: ", ")
        lines.append("trusted proxies:  \(proxies.isEmpty ? "none (forwarded-for headers are ignored)" : proxies)")
        lines.append("log:              \(logLevel.rawValue), \(logFormat == .json ? "one JSON object a line" : "text")")
        for ignored in ignoredSettings { lines.append("ignored:          \(ignored)") }
        lines.append("host dashboard:   \(dashboardPassword == nil ? "off (set DASHBOARD_PASSWORD to turn it on)" : "on, at /host")")
        return lines
    }
}

extension Settings {
    /// Why push notifications cannot work with these settings, if they cannot: Google posts only
    /// to https addresses. The emulators and the sandbox (a Calendar API on loopback) are exempt.
    /// Why Graph's notifications cannot reach this service: Graph posts only to https addresses
    /// (an emulator or another Graph, named in `MICROSOFT_GRAPH_API_URL`, may post elsewhere).
    public var microsoftPushProblem: String? {
        guard let microsoft, microsoft.push, publicBaseURL.scheme?.lowercased() != "https",
              microsoft.graphURL.host?.hasSuffix("graph.microsoft.com") == true else { return nil }
        return "Microsoft Graph posts notifications only to https addresses, and PUBLIC_BASE_URL is \(publicBaseURL.absoluteString)"
    }

    public var pushProblem: String? {
        guard publicBaseURL.scheme?.lowercased() != "https" else { return nil }
        let host = googleCalendarAPIURL.host ?? ""
        if ["127.0.0.1", "localhost", "::1"].contains(host) { return nil }
        return "PUBLIC_BASE_URL is not https, and Google posts push notifications only to https addresses"
    }
}

extension Duration {
    /// The duration as a setting would spell it: `90s` becomes `1m30s`.
    public var settingText: String {
        var seconds = components.seconds
        var text = ""
        for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60)] where seconds >= size {
            text += "\(seconds / size)\(unit)"
            seconds %= size
        }
        return seconds > 0 || text.isEmpty ? text + "\(seconds)s" : text
    }
}
