public import Calendly
public import Foundation
public import Logging

/// Where an attendee picks their new time on Calendly: a single-use scheduling link when
/// `CALENDLY_API_TOKEN` is set and Calendly makes one, else the public page (a reschedule must
/// never fail because Calendly's API did).
public struct CalendlySchedulingPage: Sendable {
    public let schedulingURL: URL
    let calendly: CalendlyClient?

    public init(schedulingURL: URL, calendly: CalendlyClient?) {
        self.schedulingURL = schedulingURL
        self.calendly = calendly
    }

    /// The page to send this attendee to now.
    public func url(logger: Logger) async -> URL {
        guard let calendly else { return schedulingURL }
        do {
            return try await calendly.singleUseSchedulingLink(for: schedulingURL)
        } catch {
            logger.warning("single-use Calendly link not made; using the public page", metadata: ["error": "\(error)"])
            return schedulingURL
        }
    }
}
