import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// The WhatsApp conversation (DESIGN.md §15), every reply through the signed inbound webhook.
@Suite(.serialized)
struct ConversationTests {
    static func say(_ text: String, in world: ServiceWorld, from phone: String = ServiceWorld.attendee) async throws -> String {
        let answer = try await world.twilio.postInbound(from: phone, body: text, to: world.baseURL.appendingPathComponent("webhooks/twilio/inbound"))
        #expect(answer.status == 200)
        let message = try #require(answer.body.firstMatch(of: #/<Message>(.*)</Message>/#.dotMatchesNewlines())?.1)
        return String(message).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func time(_ date: Date) -> String { SessionTime.text(date, in: SessionTime.zone("Asia/Kolkata")) }

    static func session(_ world: ServiceWorld, _ summary: String = "Coaching", inHours hours: Double = 48) async throws -> (String, Date) {
        let start = Date(timeIntervalSince1970: Date().addingTimeInterval(hours * 3_600).timeIntervalSince1970.rounded(.down))
        let id = try await world.google.createEvent(in: ServiceWorld.calendar, summary: summary, start: start,
                                                    end: start.addingTimeInterval(3_600), location: ServiceWorld.attendee)
        try await world.pass()
        return (id, start)
    }

    @Test func oneConfirmsAndTheCalendarShowsItUntilTheSessionMoves() async throws {
        try await ServiceWorld.run { world in
            let (id, start) = try await Self.session(world)
            #expect(try await Self.say(" 1 ", in: world) == "Thank you, your session \"Coaching\" on \(Self.time(start)) is confirmed.")
            try await world.settle()
            let confirmed = try #require(await world.event(id))
            #expect(confirmed.colorId == "7")
            #expect(confirmed.description?.hasPrefix("Confirmed by the attendee on WhatsApp: ") == true)
            // A late delivery report for the same message keeps it.
            let sid = try #require(try await world.outbox().first?.twilioSID)
            _ = try await world.twilio.deliverStatus("read", for: sid)
            try await world.settle()
            #expect(await world.event(id)?.colorId == "7")
            for word in ["Confirm!", "yes", "CONFIRM"] {
                #expect(try await Self.say(word, in: world).hasPrefix("Thank you, your session \"Coaching\""))
            }
            let moved = start.addingTimeInterval(86_400)
            try await world.google.moveEvent(id, in: ServiceWorld.calendar, start: moved, end: moved.addingTimeInterval(3_600))
            try await world.pass()
            let after = try #require(await world.event(id))
            #expect(after.colorId == "10", "a new time needs a new confirmation")
            #expect(after.description?.contains("Confirmed by") == false)
        }
    }

    @Test func twoAsksFirstAndYesCancelsInTheBackground() async throws {
        try await ServiceWorld.run { world in
            let (id, start) = try await Self.session(world)
            #expect(try await Self.say("2", in: world) == "Cancel your session \"Coaching\" on \(Self.time(start))? Reply YES to cancel it.")
            #expect(await world.event(id)?.isDeleted == false, "asking changes nothing")
            #expect(try await Self.say("Yes.", in: world) == "Done: your session is being cancelled.")
            try await world.settle()
            try await world.settle()
            #expect(await world.event(id)?.isDeleted == true)
            #expect(await world.twilio.messages().last?.body.hasPrefix("Your session \"Coaching\" on ") == true)
            #expect(await world.twilio.messages().last?.body.contains("has been cancelled.") == true)
        }
    }

    @Test func aLateYesAsksAgainAndAVeryLateOneConfirms() async throws {
        let clock = TestClock()
        try await ServiceWorld.run(clock: clock) { world in
            let (id, start) = try await Self.session(world)
            let question = "Cancel your session \"Coaching\" on \(Self.time(start))? Reply YES to cancel it."
            #expect(try await Self.say("cancel", in: world) == question)
            clock.advance(by: 20 * 60)
            #expect(try await Self.say("YES", in: world) == question, "more than 15 minutes: the question again")
            clock.advance(by: 25 * 3_600)
            #expect(try await Self.say("yes", in: world).hasPrefix("Thank you"), "a day later, yes confirms")
            try await world.settle()
            #expect(await world.event(id)?.isDeleted == false)
        }
    }

    @Test func threeGivesAFreshRescheduleLinkOrSaysToGetInTouch() async throws {
        try await ServiceWorld.run { world in
            _ = try await Self.session(world)
            let answer = try await Self.say("3", in: world)
            let link = try #require(answer.firstMatch(of: #/^Choose a new time here: (http\S+/r/[0-9A-Za-z]{12})$/#)?.1)
            let target = try #require(try await Browser.get(String(link)).location)
            #expect(target.contains("/reschedule/"))
        }
        try await ServiceWorld.run(["CALENDLY_SCHEDULING_URL": ""]) { world in
            _ = try await Self.session(world)
            #expect(try await Self.say("reschedule", in: world) == "Please contact us to find a new time.")
        }
    }

    @Test func stopSkipsAndAnnotatesUntilStart() async throws {
        try await ServiceWorld.run { world in
            _ = try await Self.session(world)
            #expect(try await Self.say("STOP", in: world) == "You will get no more messages from us. Reply START to receive them again.")
            let (skipped, _) = try await Self.session(world, "Follow-up", inHours: 72)
            #expect(await world.twilio.messages().count == 1, "nothing the business starts goes to them")
            let event = try #require(await world.event(skipped))
            #expect(event.description?.hasPrefix("Not sent: the attendee opted out of WhatsApp messages.") == true)
            #expect(event.colorId == "11")
            #expect(try await Self.say("help", in: world).hasPrefix("Reply 1 to confirm your next session"), "a reply is always allowed")
            #expect(try await Self.say("Start", in: world) == "Welcome back: you will get messages about your sessions again.")
            _ = try await Self.session(world, "Third", inHours: 96)
            #expect(await world.twilio.messages().count == 2)
        }
    }

    @Test func helpListAndAnythingElse() async throws {
        try await ServiceWorld.run { world in
            #expect(try await Self.say("1", in: world) == "You have no sessions in the next 30 days.", "no session: the list")
            _ = try await Self.session(world)
            #expect(try await Self.say("HELP", in: world) == "Reply 1 to confirm your next session, 2 to cancel it, 3 to reschedule it, LIST for your sessions in the next 30 days, STOP to get no more messages.")
            for text in ["list", "what do I have?"] {
                #expect(try await Self.say(text, in: world).hasPrefix("Your sessions in the next 30 days:\n1. "))
            }
        }
    }

    @Test func aButtonTapActsOnTheSessionItsMessageWasAbout() async throws {
        let reminder = "HX" + String(repeating: "b", count: 32)
        let clock = TestClock()
        try await ServiceWorld.run(["REMINDERS": "1h", "TWILIO_CONTENT_SID_REMINDER": reminder], clock: clock) { world in
            await world.twilio.defineQuickReplyTemplate(reminder, text: "Reminder: {{1}} starts {{2}}.", buttons: [
                QuickReplyButton(id: "confirm", title: "Confirm"), QuickReplyButton(id: "cancel", title: "Cancel"),
                QuickReplyButton(id: "reschedule", title: "Reschedule"),
            ])
            let (_, first) = try await Self.session(world, "First", inHours: 30)
            let (later, laterStart) = try await Self.session(world, "Later", inHours: 50)
            clock.set(laterStart.addingTimeInterval(-3_600 + 1))
            world.service.bells.sender.ring()
            try await world.settle()
            let sent = try #require(await world.twilio.messages().last)
            #expect(sent.contentSID == reminder && sent.buttons.map(\.id) == ["confirm", "cancel", "reschedule"])
            #expect(first < laterStart)
            let url = world.baseURL.appendingPathComponent("webhooks/twilio/inbound")
            let answer = try await world.twilio.postButtonTap(from: ServiceWorld.attendee, button: sent.buttons[0], repliedTo: sent.sid, to: url)
            #expect(answer.body.contains("your session &quot;Later&quot;"), "the reminder's session, not the next one")
            try await world.settle()
            #expect(await world.event(later)?.colorId == "7")
        }
    }

    @Test func aRetriedWebhookIsAnsweredOnceAndTheSame() async throws {
        try await ServiceWorld.run { world in
            let (id, _) = try await Self.session(world)
            let url = world.baseURL.absoluteString + "/webhooks/twilio/inbound"
            _ = try await Self.say("2", in: world)
            let fields = [("MessageSid", "SM" + String(repeating: "7", count: 32)), ("From", "whatsapp:" + ServiceWorld.attendee),
                          ("To", "whatsapp:" + world.twilio.whatsAppNumber), ("Body", "YES")]
            let headers = [("X-Twilio-Signature", world.twilio.signature(url: url, fields: fields))]
            let first = try await Browser.post(url, form: fields, headers: headers)
            let retry = try await Browser.post(url, form: fields, headers: headers)
            #expect(first.body == retry.body)
            #expect(first.body.contains("Done: your session is being cancelled."))
            try await world.settle()
            try await world.settle()
            #expect(await world.event(id)?.isDeleted == true)
            #expect(await world.twilio.messages().filter { $0.body.contains("has been cancelled") }.count == 1)
        }
    }
}
