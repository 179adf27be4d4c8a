import Foundation
import GoogleCalendar

/// What an event should show about its latest message (DESIGN.md §8): the links block at the end
/// of the description, the failure line at the top when the message failed, and the colour.
struct EventAnnotation: Equatable, Sendable {
    /// The attendee's number, for the `wa.me` link.
    var phone: String
    var cancelLink: String?
    var rescheduleLink: String?
    var failure: String?
    /// The colour to set; nil leaves the event's colour as it is.
    var colorID: String?

    init(latest message: OutboxMessage, publicBaseURL: URL, successColorID: String, failureColorID: String) {
        phone = message.phone
        cancelLink = message.cancelCode.map { NoticeDrafter.shortURL(code: $0, base: publicBaseURL) }
        rescheduleLink = message.rescheduleCode.map { NoticeDrafter.shortURL(code: $0, base: publicBaseURL) }
        switch message.state.outcome {
        case .failed:
            failure = message.error ?? "Twilio reported \(message.state.rawValue)"
            colorID = failureColorID
        case .succeeded:
            colorID = successColorID
        case .undecided:
            colorID = nil
        }
    }

    /// `description` with the host's text kept as written, the failure line and the block replaced.
    func description(from current: String?) -> String {
        let hostText = EventDescription(current).hostText
        var block = ["\(EventDescription.blockPrefix)\(phone.dropFirst())"]
        if let cancelLink { block.append("Cancel: \(cancelLink)") }
        if let rescheduleLink { block.append("Reschedule: \(rescheduleLink)") }
        var sections: [String] = []
        if let failure {
            // One line, whatever Twilio's message held, so that it stays recognisable as ours.
            let line = failure.split(whereSeparator: \.isNewline).joined(separator: " ")
            sections.append(EventDescription.failurePrefix + line)
        }
        if !hostText.isEmpty { sections.append(hostText) }
        sections.append(block.joined(separator: "\n"))
        return sections.joined(separator: "\n\n")
    }

    /// The smallest patch that brings `event` to this annotation, or nil when it already shows it.
    func patch(for event: CalendarEvent) -> EventPatch? {
        let description = description(from: event.description)
        var patch = EventPatch()
        if description != (event.description ?? "") { patch.description = description }
        if let colorID, colorID != event.colorId { patch.colorId = colorID }
        return patch == EventPatch() ? nil : patch
    }
}
