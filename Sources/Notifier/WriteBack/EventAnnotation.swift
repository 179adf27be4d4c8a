import Foundation
import GoogleCalendar

/// What an event should show about its attendees' latest messages (DESIGN.md §8, §16): the links
/// block at the end of the description, the failure and `Not sent` lines at the top, and the
/// colour. One attendee: their `wa.me` link with the cancel and reschedule links. A group: a
/// `wa.me` link per attendee (their links are their own), a failure line per failed number, and
/// green only when every attendee's latest message went through.
struct EventAnnotation: Equatable, Sendable {
    struct Attendee: Equatable, Sendable {
        var phone: String
        var cancelLink: String?
        var rescheduleLink: String?
    }

    var attendees: [Attendee]
    /// Whole lines for the top of the description.
    var problems: [String]
    /// The colour to set; nil leaves the event's colour as it is.
    var colorID: String?

    /// `latest`: each attendee's latest message whose outcome is known.
    init(latest: [OutboxMessage], locationProblem: String?, publicBaseURL: URL, successColorID: String, failureColorID: String) {
        let isGroup = latest.contains(where: \.forGroup) || latest.filter { $0.kind != .cancelled }.count > 1
        attendees = latest.filter { $0.kind != .cancelled }.map { message in
            Attendee(phone: message.phone,
                     cancelLink: isGroup ? nil : message.cancelCode.map { NoticeDrafter.shortURL(code: $0, base: publicBaseURL) },
                     rescheduleLink: isGroup ? nil : message.rescheduleCode.map { NoticeDrafter.shortURL(code: $0, base: publicBaseURL) })
        }
        problems = locationProblem.map { [$0] } ?? []
        for message in latest where message.state.outcome == .failed {
            // One line, whatever Twilio's message held, so that it stays recognisable as ours.
            let reason = (message.error ?? "Twilio reported \(message.state.rawValue)").split(whereSeparator: \.isNewline).joined(separator: " ")
            problems.append(isGroup ? "\(EventDescription.failureStart) to \(message.phone): \(reason)"
                                    : EventDescription.failurePrefix + reason)
        }
        let outcomes = latest.map(\.state.outcome)
        if !problems.isEmpty {
            colorID = failureColorID
        } else if !outcomes.isEmpty, outcomes.allSatisfy({ $0 == .succeeded }) {
            colorID = successColorID
        } else {
            colorID = nil
        }
    }

    /// `description` with the host's text kept as written, the problem lines and the block replaced.
    func description(from current: String?) -> String {
        let hostText = EventDescription(current).hostText
        var block: [String] = []
        for attendee in attendees {
            block.append("\(EventDescription.blockPrefix)\(attendee.phone.dropFirst())")
            if let cancelLink = attendee.cancelLink { block.append("Cancel: \(cancelLink)") }
            if let rescheduleLink = attendee.rescheduleLink { block.append("Reschedule: \(rescheduleLink)") }
        }
        let sections = [problems.joined(separator: "\n"), hostText, block.joined(separator: "\n")].filter { !$0.isEmpty }
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
