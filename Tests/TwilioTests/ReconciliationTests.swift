import Emulators
import Foundation
import Testing
import Twilio

@Suite("Unknown outcomes and reconciliation")
struct ReconciliationTests {
    let attendee = TwilioTestbed.attendee

    @Test("a send whose answer never comes is an unknown outcome, and the listing finds the message")
    func timeoutAfterAccepting() async throws {
        try await TwilioTestbed.run(requestTimeout: .seconds(1)) { testbed in
            let before = Date()
            await testbed.twilio.injectSendFaults([.timeoutAfterAccepting])
            let error = await #expect(throws: TwilioError.self) { try await testbed.client.send(testbed.text("Session moved")) }
            #expect(error?.isUnknownOutcome == true)
            #expect(await testbed.twilio.requestCounts.sendAttempts == 1)

            let found = try await testbed.client.messages(to: attendee, sentAfter: before)
            #expect(found.map(\.body) == ["Session moved"])
            #expect(found.first?.sid == (await testbed.twilio.messages().first?.sid))
            #expect(found.first?.to == "whatsapp:\(attendee)")
        }
    }

    @Test("listing follows every page and keeps only the number asked for")
    func listingPages() async throws {
        try await TwilioTestbed.run(pageSize: 2) { testbed in
            let before = Date()
            for index in 1...5 { _ = try await testbed.client.send(testbed.text("Message \(index)")) }
            _ = try await testbed.client.send(testbed.text("Someone else", to: "+447400123456"))
            let requestsBefore = await testbed.twilio.requestCounts.requests
            let found = try await testbed.client.messages(to: attendee, sentAfter: before)
            #expect(found.map(\.body) == (1...5).reversed().map { "Message \($0)" })
            #expect(await testbed.twilio.requestCounts.requests - requestsBefore == 3, "pages of 2, 2 and 1")
        }
    }

    @Test("messages created before the cut are left out, to the second")
    func listingCutsByTime() async throws {
        try await TwilioTestbed.run { testbed in
            _ = try await testbed.client.send(testbed.text("Old"))
            let created = try #require(await testbed.twilio.messages().first?.dateCreated)
            let found = try await testbed.client.messages(to: attendee, sentAfter: created)
            #expect(found.map(\.body) == ["Old"], "same second counts as after")
            let later = try await testbed.client.messages(to: attendee, sentAfter: created.addingTimeInterval(2))
            #expect(later.isEmpty)
        }
    }

    @Test("the account fetch reports name and status; wrong credentials are a 401")
    func accountFetch() async throws {
        try await TwilioTestbed.run { testbed in
            let account = try await testbed.client.account()
            #expect(account.sid == testbed.twilio.accountSID && account.status == "active")
            #expect(!account.friendlyName.isEmpty)
        }
        try await TwilioTestbed.run(authToken: "wrong") { testbed in
            let error = await #expect(throws: TwilioError.self) { try await testbed.client.account() }
            #expect(error.map { if case .api(401, 20003, _, _) = $0 { true } else { false } } == true)
            #expect(await testbed.twilio.requestCounts.requests == 1, "a 401 is final")
        }
    }
}
