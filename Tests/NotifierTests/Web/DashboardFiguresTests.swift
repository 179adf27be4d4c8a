import Foundation
import TestSupport
import Testing
@testable import Notifier

/// The dashboard's actions and figures (issue 24): "Send again" sends the kind that failed, once,
/// only for a session ahead and not muted; one notion of "failed" for the summary, the filter and
/// the list; every reply listed; no noise about reminders a later change replanned.
@Suite(.serialized)
struct DashboardFiguresTests {
    static let settings = DashboardTests.settings.merging(["REMINDERS": "2h"]) { $1 }

    static func sessions(_ world: ServiceWorld, cookie: String, query: String = "") async throws -> [[String: Any]] {
        let api = try await Browser.get(world.baseURL.absoluteString + "/host/api/sessions" + query, headers: [("Cookie", cookie)])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(api.body.utf8)) as? [String: Any])
        return try #require(json["sessions"] as? [[String: Any]])
    }

    static let refused = "+919800000003"

    /// A session whose announcement Twilio refused, the number working again since.
    static func failedAnnouncement(_ world: ServiceWorld) async throws -> String {
        await world.twilio.rejectNumber(refused)
        let id = try await world.create("Refused", inHours: 30, location: refused)
        try await world.pass()
        await world.twilio.acceptNumber(refused)
        return id
    }

    @Test func sendAgainSendsTheFailedAnnouncementOnceHoweverOftenItIsClicked() async throws {
        let refused = Self.refused
        try await ServiceWorld.run(Self.settings) { world in
            let id = try await Self.failedAnnouncement(world)
            let cookie = try await DashboardTests.logIn(world)
            let page = try await Browser.get(world.baseURL.absoluteString + "/host", headers: [("Cookie", cookie)]).body
            #expect(page.contains("Send the scheduled message again"), "the page says what will be sent")
            let csrf = try DashboardTests.csrf(in: page)
            let resend = "\(world.baseURL.absoluteString)/host/sessions/\(ServiceWorld.calendar)/\(id)/resend"
            let answers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<5 { group.addTask { try await Browser.post(resend, form: [("csrf", csrf)], headers: [("Cookie", cookie)]).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0 == 303 })
            try await world.pass()
            let bodies = await world.twilio.messages(to: refused).map(\.body)
            #expect(bodies.count == 1, "five clicks, one message: \(bodies)")
            #expect(bodies.first?.hasPrefix("Your session \"Refused\" is scheduled for ") == true)
            #expect(bodies.first?.contains("Cancel: ") == true, "the announcement, with fresh links")
        }
    }

    @Test func sendAgainIsNeverOfferedNorDoneForAMutedSession() async throws {
        let refused = Self.refused
        try await ServiceWorld.run(Self.settings) { world in
            let id = try await Self.failedAnnouncement(world)
            try await world.google.setDescription(of: id, in: ServiceWorld.calendar, to: "#mute")
            try await world.pass()
            let cookie = try await DashboardTests.logIn(world)
            let page = try await Browser.get(world.baseURL.absoluteString + "/host", headers: [("Cookie", cookie)]).body
            #expect(!page.contains("again</button>"))
            let resend = "\(world.baseURL.absoluteString)/host/sessions/\(ServiceWorld.calendar)/\(id)/resend"
            _ = try await Browser.post(resend, form: [("csrf", try DashboardTests.csrf(in: page))], headers: [("Cookie", cookie)])
            try await world.pass()
            #expect(await world.twilio.messages(to: refused).isEmpty)
        }
    }

    @Test func theSummaryTheFilterAndTheListAgree() async throws {
        try await ServiceWorld.run(Self.settings) { world in
            let refused = "+919800000003"
            await world.twilio.rejectNumber(refused)
            let failedID = try await world.create("Refused", inHours: 30, location: refused)
            let noCode = try await world.create("Bad number", inHours: 31, location: "+54 911234567")
            let titled = try await world.create("Yoga", inHours: 32, location: "+919800000005")
            let moved = try await world.create("Moves", inHours: 33, location: ServiceWorld.attendee)
            try await world.pass()
            try await world.google.renameEvent(titled, in: ServiceWorld.calendar, to: "Cancelled: Yoga")
            let later = Date().addingTimeInterval(40 * 3_600)
            try await world.google.moveEvent(moved, in: ServiceWorld.calendar, start: later, end: later.addingTimeInterval(3_600))
            try await world.pass()
            // Nothing here may cancel or skip a message (that would change the figures under test).
            for word in ["YES", "2", "3", "HELP", "LIST"] { _ = try await ConversationTests.say(word, in: world) }
            for word in ["STOP", "START"] { _ = try await ConversationTests.say(word, in: world, from: "+919800000005") }

            let cookie = try await DashboardTests.logIn(world)
            let all = try await Self.sessions(world, cookie: cookie)
            let failed = all.filter { $0["failed"] as? Bool == true }.compactMap { $0["event"] as? String }
            #expect(Set(failed) == [failedID, noCode], "a location the calendar shows red is failed too")
            let api = try await Browser.get(world.baseURL.absoluteString + "/host/api/sessions", headers: [("Cookie", cookie)])
            let summary = try #require((try JSONSerialization.jsonObject(with: Data(api.body.utf8)) as? [String: Any])?["summary"] as? [String: Any])
            #expect(summary["failed"] as? Int == failed.count)
            let page = try await Browser.get(world.baseURL.absoluteString + "/host?filter=failed", headers: [("Cookie", cookie)]).body
            #expect(page.contains("Bad number") && page.contains("Refused") && !page.contains(">Yoga"))
            #expect(page.contains("Not sent: &quot;+54 911234567&quot;"), "the reason the calendar shows")

            let cancelled = try #require(all.first { $0["event"] as? String == titled })
            #expect(cancelled["cancelled"] as? Bool == true, "cancelled by its title")
            let movedSession = try #require(all.first { $0["event"] as? String == moved })
            let attendee = try #require((movedSession["attendees"] as? [[String: Any]])?.first)
            let messages = try #require(attendee["messages"] as? [[String: Any]])
            #expect(!messages.contains { $0["kind"] as? String == "reminder" && ($0["reason"] as? String)?.contains("replaced by a later change") == true },
                    "a reminder the move replanned is no news: \(messages)")
            let replies = try #require(attendee["replies"] as? [[String: Any]]).compactMap { $0["kind"] as? String }
            for kind in ["confirmed", "asked to cancel", "asked to reschedule", "help", "listed"] {
                #expect(replies.contains(kind), "\(kind) in \(replies)")
            }
            let yoga = try #require((cancelled["attendees"] as? [[String: Any]])?.first)
            let yogaReplies = try #require(yoga["replies"] as? [[String: Any]]).compactMap { $0["kind"] as? String }
            #expect(yogaReplies.contains("opted out") && yogaReplies.contains("opted in"), "\(yogaReplies)")
        }
    }
}
