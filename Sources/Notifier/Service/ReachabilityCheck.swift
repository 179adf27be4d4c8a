public import GoogleCalendar

/// One line of `check`: something the service needs, and what went wrong reaching it, if anything.
public struct ReachabilityCheck: Sendable, Equatable {
    public var subject: String
    /// The outside service's own words when it failed; nil when it worked.
    public var problem: String?

    public var passed: Bool { problem == nil }

    public init(_ subject: String, problem: String? = nil) {
        self.subject = subject
        self.problem = problem
    }
}

extension GoogleCalendarClient {
    /// Proves the key works (an access token) and that each watched calendar can be read.
    public func reachability(calendarIDs: [String]) async -> [ReachabilityCheck] {
        do {
            _ = try await accessToken()
        } catch {
            return [ReachabilityCheck("Google access token", problem: "\(error)")]
                + calendarIDs.map { ReachabilityCheck("calendar \($0) readable", problem: "not tried without a token") }
        }
        var checks = [ReachabilityCheck("Google access token obtained")]
        for id in calendarIDs {
            do {
                let calendar = try await self.calendar(id: id)
                _ = try await listEvents(calendarID: id, query: .full(timeMin: .now, timeMax: .now.addingTimeInterval(86_400)))
                checks.append(ReachabilityCheck("calendar \(id) readable (time zone \(calendar.timeZone ?? "not set"))"))
            } catch {
                checks.append(ReachabilityCheck("calendar \(id) readable", problem: "\(error)"))
            }
        }
        return checks
    }
}
