/// The message templates, one file each under `TEMPLATES_DIR/messages/` (`<name>.mustache`).
public enum MessageTemplateName: String, CaseIterable, Sendable {
    case scheduled, rescheduled, cancelled, reminder
    /// A repeating session, announced once with its next dates, and its end.
    case seriesScheduled = "series-scheduled"
    case seriesCancelled = "series-cancelled"
    /// The "Need to change it?" block, included by the others as `{{> links}}`.
    case links
    /// The reply to an inbound message: the attendee's sessions in the next 30 days.
    case sessions
    case noSessions = "no-sessions"
}
