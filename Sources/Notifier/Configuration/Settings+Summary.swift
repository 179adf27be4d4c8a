extension Settings {
    /// What an operator wants to see after `check`: the effective values, secrets left out,
    /// the sender number masked.
    public var summary: [String] {
        var lines = [
            "calendars:        \(calendarIDs.joined(separator: ", "))",
            "service account:  \(serviceAccount.clientEmail)",
            "Twilio account:   \(twilio.accountSID)",
            "WhatsApp sender:  \(twilio.whatsAppFrom.masked)",
            "public base URL:  \(publicBaseURL.absoluteString)",
            "database:         \(databasePath)",
            "poll interval:    \(pollInterval.settingText)",
            "Google push:      \(googlePush ? "on" : "off")",
        ]
        if let defaultCallingCode { lines.append("default country:  \(defaultCallingCode)") }
        if let notifyHorizon { lines.append("notify horizon:   \(notifyHorizon.settingText)") }
        if !reminders.isEmpty { lines.append("reminders:        \(reminders.map(\.settingText).joined(separator: ", "))") }
        if let url = calendly.schedulingURL { lines.append("Calendly page:    \(url.absoluteString)") }
        return lines
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
