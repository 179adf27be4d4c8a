import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// Workflows 7 and 8: Twilio's delivery reports colour the event; an attendee's message gets the list.
@Suite(.serialized)
struct TwilioWebhookTests {
    /// Sends a scheduled message with the service serving its webhooks, and waits for the callbacks.
    static func sent(in world: ServiceWorld, phone: String = ServiceWorld.attendee, description: String? = "Notes") async throws -> String {
        let id = try await world.create("Coaching", location: phone, description: description)
        try await world.pass()
        try await world.settle()
        return id
    }

    @Test func deliveredTurnsTheEventGreen() async throws {
        try await ServiceWorld.run { world in
            let id = try await Self.sent(in: world)
            #expect(await world.event(id)?.colorId == "10")
            #expect(try await world.outbox().first?.state == .delivered)
            #expect(world.twilio.postedCallbacks.allSatisfy { $0.responseStatus == 204 })
        }
    }

    @Test func undeliveredTurnsTheEventRedWithTheReason() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.setOutcome(for: ServiceWorld.attendee, .undelivered(code: 63024, message: ""))
            let id = try await Self.sent(in: world)
            let event = try #require(await world.event(id))
            #expect(event.colorId == "11")
            #expect(event.description?.hasPrefix(
                "Failed to send WhatsApp message: the number is not a valid WhatsApp recipient (Twilio error 63024)") == true)
            #expect(event.description?.contains("Notes") == true)
        }
    }

    @Test func aLateSentAfterReadKeepsTheEventGreen() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.setOutcome(for: ServiceWorld.attendee, .read)
            let id = try await Self.sent(in: world)
            let sid = try #require(try await world.outbox().first?.twilioSID)
            #expect(try await world.outbox().first?.state == .read)
            #expect(try await world.twilio.deliverStatus("sent", for: sid) == 204)
            #expect(try await world.twilio.deliverStatus("delivered", for: sid) == 204)
            try await world.pass()
            #expect(try await world.outbox().first?.state == .read)
            #expect(await world.event(id)?.colorId == "10")
        }
    }

    @Test func reportsOutOfOrderAndTwiceEndInTheFurthestState() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.setCallbackDelivery([.outOfOrder, .twice])
            let id = try await Self.sent(in: world)
            #expect(try await world.outbox().first?.state == .delivered)
            #expect(await world.event(id)?.colorId == "10")
        }
    }

    @Test func aLaterSuccessRemovesTheFailureLine() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.setOutcome(for: ServiceWorld.attendee, .failed(code: 63003, message: ""))
            let id = try await Self.sent(in: world)
            #expect(await world.event(id)?.colorId == "11")
            await world.twilio.setOutcome(for: ServiceWorld.attendee, .delivered)
            let later = Date().addingTimeInterval(96 * 3_600)
            try await world.google.moveEvent(id, in: ServiceWorld.calendar, start: later, end: later.addingTimeInterval(3_600))
            try await world.pass()
            try await world.settle()
            let event = try #require(await world.event(id))
            #expect(event.colorId == "10")
            #expect(event.description?.hasPrefix("Notes\n\nAttendee on WhatsApp: ") == true, "\(event.description ?? "")")
        }
    }

    @Test func forgedOrMissingSignaturesAreRefusedAndChangeNothing() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.setOutcome(for: ServiceWorld.attendee, .staysQueued)
            let id = try await Self.sent(in: world)
            let sid = try #require(try await world.outbox().first?.twilioSID)
            let url = world.baseURL.absoluteString + "/webhooks/twilio/status"
            let fields = [("MessageSid", sid), ("MessageStatus", "undelivered"), ("ErrorCode", "30003")]
            #expect(try await Browser.post(url, form: fields).status == 403)
            #expect(try await Browser.post(url, form: fields, headers: [("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl")]).status == 403)
            // Signed for another host (the request's Host header is never trusted).
            let elsewhere = world.twilio.signature(url: "https://evil.example/webhooks/twilio/status", fields: fields)
            #expect(try await Browser.post(url, form: fields, headers: [("X-Twilio-Signature", elsewhere)]).status == 403)
            let inbound = world.baseURL.absoluteString + "/webhooks/twilio/inbound"
            #expect(try await Browser.post(inbound, form: [("From", "whatsapp:+919876543210"), ("Body", "hi")]).status == 403)
            try await world.pass()
            #expect(try await world.outbox().first?.state == .queued)
            #expect(await world.event(id)?.colorId == nil)

            let signed = world.twilio.signature(url: url, fields: fields)
            #expect(try await Browser.post(url, form: fields, headers: [("X-Twilio-Signature", signed)]).status == 204)
            try await world.pass()
            #expect(await world.event(id)?.colorId == "11", "the same report, signed, is taken")
        }
    }

    @Test func onlyMessageStatusIsReadSoASignedReportCannotBeReshaped() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.setOutcome(for: ServiceWorld.attendee, .staysQueued)
            let id = try await Self.sent(in: world)
            let sid = try #require(try await world.outbox().first?.twilioSID)
            let url = world.baseURL.absoluteString + "/webhooks/twilio/status"
            // The signature covers key and value run together: `MessageStatusf=ailed` signs like
            // `MessageStatus=failed`, and `SmsStatus` is not what Twilio reports WhatsApp states in.
            for fields in [[("MessageSid", sid), ("MessageStatusf", "ailed")],
                           [("MessageSid", sid), ("SmsStatus", "failed")]] {
                let signed = world.twilio.signature(url: url, fields: fields)
                #expect(try await Browser.post(url, form: fields, headers: [("X-Twilio-Signature", signed)]).status == 400)
            }
            try await world.pass()
            #expect(try await world.outbox().first?.state == .queued)
            #expect(await world.event(id)?.colorId == nil)
        }
    }

    @Test func oversizedAndMalformedBodiesGetA4xx() async throws {
        try await ServiceWorld.run { world in
            let url = world.baseURL.absoluteString + "/webhooks/twilio/status"
            let huge = "Body=" + String(repeating: "x", count: 200_000)
            let oversized = try await Browser.post(url, body: huge)
            #expect(oversized.status == 413)
            let fields = [("Hello", "there")]
            let signed = world.twilio.signature(url: url, fields: fields)
            #expect(try await Browser.post(url, form: fields, headers: [("X-Twilio-Signature", signed)]).status == 400)
            let garbage = "%%%&&&=%ZZ"
            #expect(try await Browser.post(url, body: garbage, headers: [("X-Twilio-Signature", "x")]).status == 403)
            #expect(try await Browser.get(world.baseURL.absoluteString + "/healthz").status == 200, "still up")
        }
    }
}
