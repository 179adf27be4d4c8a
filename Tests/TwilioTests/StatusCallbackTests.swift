import TestSupport
import Emulators
import Foundation
import Testing
import Twilio

@Suite("Status callbacks")
struct StatusCallbackTests {
    let attendee = TwilioTestbed.attendee

    @Test("a delivered message reports queued, sent, delivered, each signed with the account's token")
    func deliveredInOrder() async throws {
        try await TwilioTestbed.run { testbed in
            try await WebhookReceiver.run { receiver in
                let url = receiver.url("webhooks/twilio/status")
                let sent = try await testbed.client.send(testbed.text("Hi", statusCallback: url))
                await testbed.twilio.callbacksSettled()
                let callbacks = receiver.requests
                #expect(callbacks.map { $0.field("MessageStatus") } == ["queued", "sent", "delivered"])
                for callback in callbacks {
                    #expect(callback.field("MessageSid") == sent.sid && callback.field("To") == "whatsapp:\(attendee)")
                    #expect(callback.field("AccountSid") == testbed.twilio.accountSID && callback.field("ErrorCode") == nil)
                    let signature = try #require(callback.signature)
                    #expect(TwilioSignature.isValid(signature, url: url.absoluteString, parameters: callback.fields, authToken: testbed.twilio.authToken))
                    #expect(!TwilioSignature.isValid(signature, url: url.absoluteString, parameters: callback.fields, authToken: "other"))
                }
                #expect(testbed.twilio.postedCallbacks.map(\.responseStatus) == [200, 200, 200])
            }
        }
    }

    @Test("an undelivered message reports the error code and message; a read one ends with read")
    func outcomes() async throws {
        try await TwilioTestbed.run { testbed in
            try await WebhookReceiver.run { receiver in
                let url = receiver.url("webhooks/twilio/status")
                let other = "+447400123456"
                await testbed.twilio.setOutcome(for: attendee, .undelivered(code: 63024, message: "Invalid message recipient"))
                await testbed.twilio.setOutcome(for: other, .read)
                let failed = try await testbed.client.send(testbed.text("Hi", statusCallback: url))
                let read = try await testbed.client.send(testbed.text("Hi", to: other, statusCallback: url))
                await testbed.twilio.callbacksSettled()

                let failures = receiver.requests.filter { $0.field("MessageSid") == failed.sid }
                #expect(failures.map { $0.field("MessageStatus") } == ["queued", "sent", "undelivered"])
                #expect(failures.last?.field("ErrorCode") == "63024" && failures.last?.field("ErrorMessage") == "Invalid message recipient")
                let reads = receiver.requests.filter { $0.field("MessageSid") == read.sid }
                #expect(reads.map { $0.field("MessageStatus") } == ["queued", "sent", "delivered", "read"])

                let listed = try await testbed.client.messages(to: attendee, sentAfter: Date().addingTimeInterval(-60))
                #expect(listed.first?.status == .undelivered)
            }
        }
    }

    @Test("callbacks can arrive out of order and twice")
    func outOfOrderAndTwice() async throws {
        try await TwilioTestbed.run { testbed in
            try await WebhookReceiver.run { receiver in
                await testbed.twilio.setCallbackDelivery([.outOfOrder, .twice])
                _ = try await testbed.client.send(testbed.text("Hi", statusCallback: receiver.url("status")))
                await testbed.twilio.callbacksSettled()
                #expect(receiver.requests.map { $0.field("MessageStatus") } == ["delivered", "delivered", "sent", "sent", "queued", "queued"])
            }
        }
    }

    @Test("a status posted by hand reaches the callback URL, with its error, and updates the message")
    func deliverStatusByHand() async throws {
        try await TwilioTestbed.run { testbed in
            try await WebhookReceiver.run { receiver in
                await testbed.twilio.setOutcome(for: attendee, .staysQueued)
                let sent = try await testbed.client.send(testbed.text("Hi", statusCallback: receiver.url("status")))
                await testbed.twilio.callbacksSettled()
                #expect(receiver.requests.isEmpty)

                let status = try await testbed.twilio.deliverStatus("failed", for: sent.sid, errorCode: 63003, errorMessage: "Channel could not find To address")
                #expect(status == 200)
                let callback = try #require(receiver.requests.first)
                #expect(callback.field("MessageStatus") == "failed" && callback.field("ErrorCode") == "63003")
                #expect(await testbed.twilio.messages().first?.status == "failed")
                await #expect(throws: TwilioEmulatorError.unknownMessage("SMnope")) { try await testbed.twilio.deliverStatus("sent", for: "SMnope") }
            }
        }
    }
}
