import Foundation
import Hummingbird
import Notifier

extension PageTemplates {
    /// The friendly page for a link that cannot act; nothing has been changed.
    func page(for problem: LinkProblem) -> Response {
        switch problem {
        case .notAuthentic, .foreignCalendar:
            notice(.badRequest, title: "Link not valid", heading: "This link is not valid",
                   "It may have been copied incompletely. Please use the link from your latest WhatsApp message. Nothing has been changed.")
        case .gone:
            notice(.gone, title: "Session not found", heading: "This session is no longer scheduled",
                   "It has already been cancelled or moved. Your latest WhatsApp message has the current details.")
        case .replaced:
            notice(.gone, title: "Link no longer valid", heading: "This link is no longer valid",
                   "The session was changed after this link was sent. Nothing has been changed; if you have a session, your latest WhatsApp message has its details and links.")
        case .groupNeedsAttendee:
            notice(.badRequest, title: "Link not valid", heading: "This link is not valid for this session",
                   "Please use the link from your own latest WhatsApp message. Nothing has been changed.")
        case .notCancelled:
            notice(.conflict, title: "Session still on", heading: "This session is still scheduled",
                   "There is nothing to book again: your latest WhatsApp message has its details.")
        case .started:
            notice(.gone, title: "Session started", heading: "This session has already started",
                   "Links work only until a session starts. Nothing has been changed.")
        }
    }
}
