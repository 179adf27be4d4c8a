import Emulators
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import Testing
@testable import Notifier

/// Workflow 8: an attendee writes anything and gets their sessions for the next 30 days.
@Suite(.serialized)
struct InboundMessageTests {
    @Test func theReplyListsTheSendersSessionsXMLEscaped() async throws {
        try await ServiceWorld.run { world in
            try await world.create("Tom & Jerry <intro>", inHours: 30)
            try await world.create("Follow-up", inHours: 200)
            try await world.create("Far away", inHours: 24 * 40)
            try await world.create("Someone else", inHours: 50, location: "+919812345678")
            try await world.pass()
            let url = world.baseURL.appendingPathComponent("webhooks/twilio/inbound")
            let answer = try await world.twilio.postInbound(from: ServiceWorld.attendee, body: "what do I have?", to: url)
            #expect(answer.status == 200)
            #expect(answer.body.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?><Response><Message>Your sessions in the next 30 days:"#))
            #expect(answer.body.contains("(IST): Tom &amp; Jerry &lt;intro&gt;\n2. "))
            #expect(answer.body.contains(": Follow-up\n\nAdd them to your calendar: \(world.baseURL.absoluteString)/calendar/"))
            #expect(answer.body.hasSuffix(".ics</Message></Response>"), "the attendee's own calendar feed ends the list")
            #expect(!answer.body.contains("Far away"))
            #expect(!answer.body.contains("Someone else"))
        }
    }

    @Test func noSessionsAndTheSameMessageAnsweredTheSameWay() async throws {
        try await ServiceWorld.run { world in
            let url = world.baseURL.absoluteString + "/webhooks/twilio/inbound"
            let fields = [("MessageSid", "SM" + String(repeating: "1", count: 32)), ("From", "whatsapp:+447400123456"),
                          ("To", "whatsapp:" + world.twilio.whatsAppNumber), ("Body", "hello")]
            let headers = [("X-Twilio-Signature", world.twilio.signature(url: url, fields: fields))]
            let first = try await Browser.post(url, form: fields, headers: headers)
            #expect(first.body.contains("<Message>You have no sessions in the next 30 days.</Message>"))
            try await world.create("Coaching", location: "+447400123456")
            try await world.pass()
            let retry = try await Browser.post(url, form: fields, headers: headers)
            #expect(retry.body == first.body, "a retried webhook gets the answer it got the first time")
        }
    }

    @Test func controlCharactersInATitleLeaveTheReplyValidXML() async throws {
        try await ServiceWorld.run { world in
            try await world.create("Coach\u{1}ing\u{8} \u{1B}[1mplan", inHours: 30)
            try await world.pass()
            let url = world.baseURL.appendingPathComponent("webhooks/twilio/inbound")
            let answer = try await world.twilio.postInbound(from: ServiceWorld.attendee, body: "list", to: url)
            #expect(answer.status == 200)
            #expect(answer.body.contains("(IST): Coaching [1mplan\n\nAdd them to your calendar: "))
            #expect(!answer.body.unicodeScalars.contains { $0.value < 0x20 && ![0x09, 0x0A, 0x0D].contains($0.value) })
            let parser = XMLParser(data: Data(answer.body.utf8))
            #expect(parser.parse(), "Twilio parses TwiML as XML 1.0")
        }
    }

    @Test func aNULInATitleIsDroppedNotCutAt() async throws {
        try await ServiceWorld.run { world in
            try await world.create("Coach\u{0}ing session", inHours: 30)
            try await world.pass()
            let body = try #require(await world.twilio.messages().first?.body)
            #expect(body.hasPrefix("Your session \"Coaching session\" is scheduled for "))
            let url = world.baseURL.appendingPathComponent("webhooks/twilio/inbound")
            let answer = try await world.twilio.postInbound(from: ServiceWorld.attendee, body: "list", to: url)
            #expect(answer.body.contains("(IST): Coaching session\n\nAdd them to your calendar: "))
        }
    }
}
