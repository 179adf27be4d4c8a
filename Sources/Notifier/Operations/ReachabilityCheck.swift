public import Foundation
public import GoogleCalendar
public import Twilio

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

extension ReachabilityCheck {
    /// `cannot reach Google at https://…: connection refused` when the service could not be
    /// reached at all; the service's own words otherwise.
    public static func describe(_ error: any Error, service: String, at url: URL) -> String {
        let unreachable: String?
        switch error {
        case GoogleAPIError.transport(let message): unreachable = message
        case GoogleAPIError.timeout: unreachable = "no answer in time"
        case TwilioError.transport(let message), TwilioError.unknownOutcome(let message): unreachable = message
        default: unreachable = nil
        }
        guard let unreachable else { return "\(error)" }
        return "cannot reach \(service) at \(url.absoluteString): \(plainReason(unreachable))"
    }

    /// The network library's words, made short: "connection refused", "no answer in time"…
    static func plainReason(_ message: String) -> String {
        let lowered = message.lowercased()
        let known: [(String, String)] = [
            ("refused", "connection refused"), ("timeout", "no answer in time"), ("timed out", "no answer in time"),
            ("reset", "the connection was reset"), ("not known", "the host name does not resolve"),
            ("nodename", "the host name does not resolve"), ("unreachable", "the network is unreachable"),
            ("certificate", "its TLS certificate was refused"), ("handshake", "the TLS handshake failed"),
        ]
        if let (_, plain) = known.first(where: { lowered.contains($0.0) }) { return plain }
        return String(message.prefix(200))
    }
}

extension GoogleCalendarClient {
    /// Proves the key works (an access token) and that each watched calendar can be read.
    public func reachability(calendarIDs: [String]) async -> [ReachabilityCheck] {
        do {
            _ = try await accessToken()
        } catch {
            return [ReachabilityCheck("Google access token", problem: ReachabilityCheck.describe(error, service: "Google", at: baseURL))]
                + calendarIDs.map { ReachabilityCheck("calendar \($0) readable", problem: "not tried without a token") }
        }
        var checks = [ReachabilityCheck("Google access token obtained")]
        for id in calendarIDs {
            do {
                let calendar = try await self.calendar(id: id)
                _ = try await listEvents(calendarID: id, query: .full(timeMin: .now, timeMax: .now.addingTimeInterval(86_400)))
                checks.append(ReachabilityCheck("calendar \(id) readable (time zone \(calendar.timeZone ?? "not set"))"))
            } catch {
                checks.append(ReachabilityCheck("calendar \(id) readable", problem: ReachabilityCheck.describe(error, service: "Google", at: baseURL)))
            }
        }
        return checks
    }
}

extension TwilioClient {
    /// Proves the credentials (the account can be fetched and is active) and shows the sender as Twilio gets it.
    public func reachability(sender: PhoneNumber) async -> [ReachabilityCheck] {
        var checks: [ReachabilityCheck]
        do {
            let account = try await account()
            let active = account.status == "active"
            checks = [ReachabilityCheck(
                "Twilio credentials valid (account \"\(account.friendlyName)\", \(account.status))",
                problem: active ? nil : "the account is \(account.status); Twilio sends only from active accounts")]
        } catch {
            checks = [ReachabilityCheck("Twilio credentials valid", problem: ReachabilityCheck.describe(error, service: "Twilio", at: baseURL))]
        }
        checks.append(ReachabilityCheck("WhatsApp sender whatsapp:\(sender.e164) is in E.164 format"))
        return checks
    }
}

extension GoogleCalendarClient {
    /// Push as it is (DESIGN.md §17): off, impossible with these settings, a channel `serve` keeps
    /// live (until when), or else whether Google accepts one now, tried with a channel that is
    /// stopped at once, with Google's reason when it refuses.
    public func pushReachability(settings: Settings, liveChannels: [PushChannel], now: Date = Date()) async -> [ReachabilityCheck] {
        guard settings.googlePush else {
            // Off by choice, or by default because Google posts only to https addresses.
            let why = settings.googlePushSetExplicitly ? "GOOGLE_PUSH=off"
                : "push needs an https PUBLIC_BASE_URL, and \(settings.publicBaseURL.absoluteString) is not one"
            return [ReachabilityCheck("Google push off (\(why)): changes are seen at the next poll, every \(settings.pollInterval.settingText)")]
        }
        if let problem = settings.pushProblem {
            return [ReachabilityCheck("Google push", problem: "\(problem); set an https PUBLIC_BASE_URL, or GOOGLE_PUSH=off")]
        }
        let address = settings.publicBaseURL.appendingPathComponent("webhooks/google")
        var checks: [ReachabilityCheck] = []
        for calendarID in settings.calendarIDs {
            if let live = liveChannels.first(where: { $0.calendarID == calendarID && $0.isLive(at: now) }), let until = live.expiresAt {
                checks.append(ReachabilityCheck("push channel for \(calendarID) live until \(until.formatted(.iso8601))"))
                continue
            }
            do {
                let trial = try await watchEvents(calendarID: calendarID, channelID: "gcal-whatsapp-check-" + UUID().uuidString.lowercased(),
                                                  token: UUID().uuidString, address: address, ttl: .seconds(300))
                try await stopChannel(id: trial.id, resourceID: trial.resourceID)
                checks.append(ReachabilityCheck("Google accepts push channels for \(calendarID) at \(address.absoluteString) (serve opens and renews them)"))
            } catch {
                let problem = ReachabilityCheck.describe(error, service: "Google", at: baseURL)
                checks.append(ReachabilityCheck("push channel for \(calendarID)",
                                                problem: problem.hasPrefix("cannot reach") ? problem : "Google refused it: \(problem)"))
            }
        }
        return checks
    }
}
