import Foundation

/// The answers of the WhatsApp conversation (DESIGN.md §15), in TwiML's `<Message>`.
enum ReplyTexts {
    static let cancelling = "Done: your session is being cancelled."
    static let noReschedule = "Please contact us to find a new time."
    static let stopped = "You will get no more messages from us. Reply START to receive them again."
    static let started = "Welcome back: you will get messages about your sessions again."
    static let help = "Reply 1 to confirm your next session, 2 to cancel it, 3 to reschedule it, LIST for your sessions in the next 30 days, STOP to get no more messages."

    static func confirmed(_ session: Session) -> String {
        "Thank you, your session\(title(session)) on \(start(session)) is confirmed."
    }

    static func cancelQuestion(_ session: Session) -> String {
        "Cancel your session\(title(session)) on \(start(session))? Reply YES to cancel it."
    }

    static func wasCancelled(_ session: Session) -> String {
        "That session\(title(session)) on \(start(session)) was cancelled. Reply LIST to see your sessions."
    }

    static func hasStarted(_ session: Session) -> String {
        "That session\(title(session)) has already started (\(start(session))). Reply LIST to see your sessions."
    }

    static func reschedule(_ link: String) -> String {
        "Choose a new time here: \(link)"
    }

    /// ` "Coaching"`, or nothing for an untitled session.
    private static func title(_ session: Session) -> String {
        session.summary.isEmpty ? "" : " \"\(session.summary)\""
    }

    private static func start(_ session: Session) -> String {
        SessionTime.text(session.start, in: SessionTime.zone(session.timeZone))
    }
}
