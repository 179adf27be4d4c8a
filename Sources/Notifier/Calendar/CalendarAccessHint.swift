import GoogleCalendar

/// What the operator should do when Google refuses a calendar for good: a `404` or a `403` other
/// than a rate limit almost always means the calendar was not shared with the service account.
public enum CalendarAccessHint {
    /// The problem line for `calendarID`: Google's words, then, where it helps, what to do.
    public static func problem(calendarID: String, error: any Error, serviceAccount: String?) -> String {
        var line = "calendar \(calendarID): \(error)"
        if let hint = hint(for: error, serviceAccount: serviceAccount) { line += ". \(hint)" }
        return line
    }

    static func hint(for error: any Error, serviceAccount: String?) -> String? {
        guard let error = error as? GoogleAPIError, case .api(let status, _, _) = error,
              status == 404 || (status == 403 && !error.isRetryable) else { return nil }
        let account = serviceAccount ?? "the service account's client_email"
        return "Share the calendar with \(account) and give it \"Make changes to events\" "
            + "(Google Calendar → the calendar's Settings and sharing → Share with specific people)"
    }
}
