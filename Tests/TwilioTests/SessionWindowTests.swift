import TestSupport
import Emulators
import Foundation
import Testing
import Twilio

@Suite("WhatsApp's 24-hour window")
struct SessionWindowTests {
    let attendee = TwilioTestbed.attendee

    @Test("free text outside the window is refused with 63016; a template passes; after the attendee writes, text passes")
    func windowRule() async throws {
        try await TwilioTestbed.run { testbed in
            try await WebhookReceiver.run { receiver in
                await testbed.twilio.setRequireSessionWindow(true)
                let error = await #expect(throws: TwilioError.self) { try await testbed.client.send(testbed.text("Free text")) }
                #expect(error.map { if case .api(400, 63016, _, _) = $0 { true } else { false } } == true)
                #expect(error?.isFinal == true)

                let template = OutgoingMessage.Content.template(contentSID: "HX0123456789abcdef0123456789abcdef", variables: ["Asha"])
                _ = try await testbed.client.send(testbed.message(template))

                let answer = try await testbed.twilio.postInbound(from: attendee, body: "Hi", to: receiver.url("webhooks/twilio/inbound"))
                #expect(answer.status == 200 && answer.body == WebhookReceiver.twiML)
                _ = try await testbed.client.send(testbed.text("Free text"))
                #expect(await testbed.twilio.messages(to: attendee).count == 2)
            }
        }
    }

    @Test("a window opened more than 24 hours ago is closed again")
    func windowExpires() async throws {
        try await TwilioTestbed.run { testbed in
            await testbed.twilio.setRequireSessionWindow(true)
            await testbed.twilio.openSessionWindow(for: attendee, at: Date().addingTimeInterval(-25 * 3600))
            await #expect(throws: TwilioError.self) { try await testbed.client.send(testbed.text("Too late")) }
            await testbed.twilio.openSessionWindow(for: attendee, at: Date().addingTimeInterval(-23 * 3600))
            _ = try await testbed.client.send(testbed.text("Just in time"))
        }
    }

    @Test("an inbound message is signed and shaped like Twilio's")
    func inboundMessage() async throws {
        try await TwilioTestbed.run { testbed in
            try await WebhookReceiver.run { receiver in
                let url = receiver.url("webhooks/twilio/inbound")
                _ = try await testbed.twilio.postInbound(from: attendee, body: "What are my sessions?", to: url, profileName: "Asha")
                let request = try #require(receiver.requests.first)
                #expect(request.field("From") == "whatsapp:\(attendee)" && request.field("Body") == "What are my sessions?")
                #expect(request.field("To") == "whatsapp:\(testbed.twilio.whatsAppNumber)")
                #expect(request.field("WaId") == "919876543210" && request.field("ProfileName") == "Asha")
                #expect(request.field("MessageSid")?.hasPrefix("SM") == true && request.field("AccountSid") == testbed.twilio.accountSID)
                let signature = try #require(request.signature)
                #expect(TwilioSignature.isValid(signature, url: url.absoluteString, parameters: request.fields, authToken: testbed.twilio.authToken))
            }
        }
    }
}
