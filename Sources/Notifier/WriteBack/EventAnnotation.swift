import Foundation
import CalendarModel

/// What an event should show about its attendees (DESIGN.md §8, §15, §16): the links block at the
/// end of the description; problem lines (a failed or unsent message, a number that cannot be
/// used) and confirmations at the top; and the colour. One attendee: their `wa.me` link with the
/// cancel and reschedule links. A group: a `wa.me` link per attendee (their links are their own),
/// a line per number, and a colour that holds for every attendee.
public struct EventAnnotation: Equatable, Sendable {
    public struct Colors: Equatable, Sendable {
        public var success: String
        public var failure: String
        public var confirmed: String

        public init(success: String, failure: String, confirmed: String) {
            self.success = success
            self.failure = failure
            self.confirmed = confirmed
        }
    }

    struct Attendee: Equatable, Sendable {
        var phone: String
        var cancelLink: String?
        var rescheduleLink: String?
    }

    var attendees: [Attendee]
    /// Whole lines for the top of the description: problems first, then confirmations.
    var problems: [String]
    var confirmations: [String]
    /// The colour to set; nil leaves the event's colour as it is.
    var colorID: String?

    /// `latest`: each attendee's latest message whose outcome is known; `confirmations`: those of
    /// the session at its current start (a moved session needs new ones).
    init(latest: [OutboxMessage], locationProblem: String?, confirmations confirmed: [Confirmation] = [], timeZone: TimeZone = .gmt,
         publicBaseURL: URL, colors: Colors) {
        let current = latest.filter { $0.kind != .cancelled }
        let isGroup = latest.contains(where: \.forGroup) || current.count > 1
        attendees = current.map { message in
            Attendee(phone: message.phone,
                     cancelLink: isGroup ? nil : message.cancelCode.map { AttendeeLinks.shortURL(code: $0, base: publicBaseURL) },
                     rescheduleLink: isGroup ? nil : message.rescheduleCode.map { AttendeeLinks.shortURL(code: $0, base: publicBaseURL) })
        }
        problems = locationProblem.map { [$0] } ?? []
        for message in latest {
            if message.isOptedOut {
                problems.append(isGroup ? "\(EventDescription.notSentPrefix.dropLast(2)) to \(message.phone): the attendee opted out of WhatsApp messages."
                                        : EventDescription.notSentPrefix + "the attendee opted out of WhatsApp messages.")
            } else if message.state.outcome == .failed {
                // One line, whatever Twilio's message held, so that it stays recognisable as ours.
                let reason = (message.error ?? "Twilio reported \(message.state.rawValue)").split(whereSeparator: \.isNewline).joined(separator: " ")
                problems.append(isGroup ? "\(EventDescription.failureStart) to \(message.phone): \(reason)"
                                        : EventDescription.failurePrefix + reason)
            }
        }
        let confirmedPhones = Set(confirmed.map(\.phone))
        self.confirmations = confirmed.filter { confirmation in current.contains { $0.phone == confirmation.phone } }
            .sorted { $0.confirmedAt < $1.confirmedAt }
            .map { confirmation in
                let when = SessionTime.text(confirmation.confirmedAt, in: timeZone)
                return isGroup ? "\(EventDescription.confirmedStart) \(confirmation.phone) on WhatsApp: \(when)"
                               : "\(EventDescription.confirmedStart) the attendee on WhatsApp: \(when)"
            }
        let outcomes = latest.map(\.state.outcome)
        if !problems.isEmpty {
            colorID = colors.failure
        } else if !current.isEmpty, current.allSatisfy({ confirmedPhones.contains($0.phone) }) {
            colorID = colors.confirmed
        } else if !outcomes.isEmpty, outcomes.allSatisfy({ $0 == .succeeded }) {
            colorID = colors.success
        } else {
            colorID = nil
        }
    }

    /// `description` with the host's text kept as written, the top lines and the block replaced.
    func description(from current: String?) -> String {
        let hostText = EventDescription(current).hostText
        var block: [String] = []
        for attendee in attendees {
            block.append("\(EventDescription.blockPrefix)\(attendee.phone.dropFirst())")
            if let cancelLink = attendee.cancelLink { block.append("Cancel: \(cancelLink)") }
            if let rescheduleLink = attendee.rescheduleLink { block.append("Reschedule: \(rescheduleLink)") }
        }
        let top = (problems + confirmations).joined(separator: "\n")
        return [top, hostText, block.joined(separator: "\n")].filter { !$0.isEmpty }.joined(separator: "\n\n")
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
