/// The texts of DESIGN.md §6, built in so that the binary works without a templates folder. The
/// files in `templates/messages/` are these same texts for operators to edit; a test keeps the
/// two identical.
enum DefaultMessageTemplates {
    static func text(of name: MessageTemplateName) -> String {
        switch name {
        case .scheduled:
            "Your session{{#titled}} \"{{summary}}\"{{/titled}} is scheduled for {{start}}.\n\n{{> links}}\n"
        case .rescheduled:
            "Your session{{#titled}} \"{{summary}}\"{{/titled}} has moved to {{start}}. The earlier time, {{previous_start}}, is cancelled.\n\n{{> links}}\n"
        case .cancelled:
            "Your session{{#titled}} \"{{summary}}\"{{/titled}} on {{start}} has been cancelled.\n{{#booking_url}}\nBook a new time: {{booking_url}}\n{{/booking_url}}\n"
        case .seriesScheduled:
            "Your repeating session{{#titled}} \"{{summary}}\"{{/titled}} is scheduled. Next: {{dates}}.\n\n{{> links}}\n"
        case .seriesCancelled:
            "Your repeating session{{#titled}} \"{{summary}}\"{{/titled}} has been cancelled.\n{{#booking_url}}\nBook a new time: {{booking_url}}\n{{/booking_url}}\n"
        case .reminder:
            "Reminder: your session{{#titled}} \"{{summary}}\"{{/titled}} starts {{start}}.\nReply 1 to confirm, 2 to cancel{{^reschedulable}}.{{/reschedulable}}{{#reschedulable}} or 3 to reschedule.{{/reschedulable}}\n"
        case .links:
            "Need to change it?\nCancel: {{cancel_link}}\n{{#reschedule_link}}\nReschedule: {{reschedule_link}}\n{{/reschedule_link}}\n"
        case .sessions:
            "Your sessions in the next 30 days:\n{{#sessions}}\n{{number}}. {{start}}{{#titled}}: {{summary}}{{/titled}}\n{{/sessions}}\n"
                + "{{#feed_url}}\n\nAdd them to your calendar: {{feed_url}}\n{{/feed_url}}\n"
        case .noSessions:
            "You have no sessions in the next 30 days.\n"
        }
    }
}
