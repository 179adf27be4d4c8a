import Emulators
import Foundation
import Testing
import Twilio

@Suite("Sending")
struct SendTests {
    let attendee = TwilioTestbed.attendee

    @Test("free text goes out as Body from the business number, and Twilio answers queued")
    func sendText() async throws {
        try await TwilioTestbed.run { testbed in
            let sent = try await testbed.client.send(testbed.text("Your session is scheduled."))
            #expect(sent.status == .queued)
            #expect(sent.sid.hasPrefix("SM") && sent.sid.count == 34)
            let recorded = try #require(await testbed.twilio.messages(to: attendee).first)
            #expect(recorded.sid == sent.sid && recorded.body == "Your session is scheduled.")
            #expect(recorded.from == testbed.twilio.whatsAppNumber && recorded.contentSID == nil)
            #expect(await testbed.twilio.requestCounts.sendAttempts == 1)
        }
    }

    @Test("a template goes out as ContentSid with numbered ContentVariables")
    func sendTemplate() async throws {
        try await TwilioTestbed.run { testbed in
            let sid = "HX0123456789abcdef0123456789abcdef"
            await testbed.twilio.defineTemplate(sid, text: "Hi {{1}}, your session is on {{2}}.")
            let content = OutgoingMessage.Content.template(contentSID: sid, variables: ["Asha", "Tue 24 Nov, 3:00 PM (IST)"])
            _ = try await testbed.client.send(testbed.message(content))
            let recorded = try #require(await testbed.twilio.messages().first)
            #expect(recorded.contentSID == sid)
            #expect(recorded.contentVariables == #"{"1":"Asha","2":"Tue 24 Nov, 3:00 PM (IST)"}"#)
            #expect(recorded.body == "Hi Asha, your session is on Tue 24 Nov, 3:00 PM (IST).")
        }
    }

    @Test("a Messaging Service and a status callback are passed along")
    func messagingService() async throws {
        try await TwilioTestbed.run { testbed in
            let service = "MG0123456789abcdef0123456789abcdef"
            var message = testbed.text("Hello", statusCallback: URL(string: "https://book.example.com/webhooks/twilio/status")!)
            message.messagingServiceSID = service
            await testbed.twilio.setOutcome(for: attendee, .staysQueued)
            _ = try await testbed.client.send(message)
            let recorded = try #require(await testbed.twilio.messages().first)
            #expect(recorded.messagingServiceSID == service && recorded.from == testbed.twilio.whatsAppNumber)
            #expect(recorded.statusCallback?.absoluteString == "https://book.example.com/webhooks/twilio/status")
        }
    }

    @Test("wrong credentials are a 401 with code 20003: not the message's fault, so not final, and not retried within the call")
    func badCredentials() async throws {
        try await TwilioTestbed.run(authToken: "wrong") { testbed in
            let error = await #expect(throws: TwilioError.self) { try await testbed.client.send(testbed.text("Hi")) }
            guard case .api(401, 20003, _, _) = error else { Issue.record("unexpected \(String(describing: error))"); return }
            #expect(error?.isFinal == false)
            #expect(error?.isCredentialProblem == true)
            #expect(error?.isRetryable == false)
            #expect(error?.reason.contains("check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN") == true)
            #expect(await testbed.twilio.messages().isEmpty)
        }
    }

    @Test("an invalid number is final: one attempt, nothing recorded, Twilio's words kept")
    func invalidNumberIsFinal() async throws {
        try await TwilioTestbed.run { testbed in
            await testbed.twilio.rejectNumber(attendee)
            let error = await #expect(throws: TwilioError.self) { try await testbed.client.send(testbed.text("Hi")) }
            #expect(error?.isFinal == true)
            #expect(error == .api(status: 400, code: 21211, message: "Invalid 'To' Phone Number: \(attendee)", moreInfo: "https://www.twilio.com/docs/errors/21211"))
            #expect(await testbed.twilio.requestCounts.sendAttempts == 1)
            #expect(await testbed.twilio.messages().isEmpty)
        }
    }

    @Test("malformed numbers are refused by the emulator as Twilio does")
    func malformedNumbers() async throws {
        try await TwilioTestbed.run { testbed in
            let badTo = await #expect(throws: TwilioError.self) { try await testbed.client.send(testbed.text("Hi", to: "+0123")) }
            #expect(badTo.map { if case .api(400, 21211, _, _) = $0 { true } else { false } } == true)
            let foreign = OutgoingMessage(to: attendee, from: "+15005550006", content: .text("Hi"))
            let badFrom = await #expect(throws: TwilioError.self) { try await testbed.client.send(foreign) }
            #expect(badFrom.map { if case .api(400, 63007, _, _) = $0 { true } else { false } } == true)
        }
    }

    @Test("a rate limit is retried, and the message is recorded once")
    func rateLimitIsRetried() async throws {
        try await TwilioTestbed.run { testbed in
            await testbed.twilio.injectSendFaults([.tooManyRequests, .tooManyRequests])
            let sent = try await testbed.client.send(testbed.text("Hi"))
            #expect(await testbed.twilio.messages().map(\.sid) == [sent.sid])
            #expect(await testbed.twilio.requestCounts.sendAttempts == 3)
        }
    }

    @Test("rate limits until the tries run out surface as retryable")
    func rateLimitRunsOut() async throws {
        try await TwilioTestbed.run { testbed in
            await testbed.twilio.injectSendFaults(Array(repeating: .tooManyRequests, count: TwilioTestbed.quickRetry.attempts))
            let error = await #expect(throws: TwilioError.self) { try await testbed.client.send(testbed.text("Hi")) }
            #expect(error?.isRateLimited == true && error?.isRetryable == true)
            #expect(await testbed.twilio.messages().isEmpty)
        }
    }

    @Test("a server error is an unknown outcome and is not retried")
    func serverErrorIsUnknown() async throws {
        try await TwilioTestbed.run { testbed in
            await testbed.twilio.injectSendFaults([.serverError])
            let error = await #expect(throws: TwilioError.self) { try await testbed.client.send(testbed.text("Hi")) }
            #expect(error?.isUnknownOutcome == true)
            #expect(await testbed.twilio.requestCounts.sendAttempts == 1)
            #expect(await testbed.twilio.messages().isEmpty)
        }
    }

    @Test("no connection at all is a transport error: nothing can have been sent")
    func unreachableIsTransport() async throws {
        let (_, accountSID, authToken) = try await TwilioTestbed.run { ($0.twilio.baseURL, $0.twilio.accountSID, $0.twilio.authToken) }
        // Bound and not listening for the whole test: a stopped emulator's port could be taken by
        // a parallel test's server before the send, which then is no transport error at all.
        let refusing = try LoopbackPort.Refusing()
        let baseURL = URL(string: "http://127.0.0.1:\(refusing.port)")!
        defer { withExtendedLifetime(refusing) {} }
        let client = TwilioClient(
            accountSID: accountSID, authToken: authToken, baseURL: baseURL, httpClient: .shared,
            retry: .never, requestTimeout: .seconds(1), logger: .init(label: "TwilioTests"))
        let error = await #expect(throws: TwilioError.self) {
            try await client.send(OutgoingMessage(to: attendee, from: TwilioEmulator.defaultWhatsAppNumber, content: .text("Hi")))
        }
        #expect(error.map { if case .transport = $0 { true } else { false } } == true)
        #expect(error?.isRetryable == true)
    }
}
