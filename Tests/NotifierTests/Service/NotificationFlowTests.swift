import Emulators
import Fernet
import Foundation
import GRDB
import TestSupport
import Testing
@testable import Notifier

/// Host edits in the emulated Google Calendar become WhatsApp messages in the emulated Twilio,
/// through the real wiring and a real SQLite file.
@Suite(.serialized)
struct NotificationFlowTests {
    static var shortLink: Regex<Substring> { #/^http://127\.0\.0\.1:\d+/r/[0-9A-Za-z]{12}$/# }

    @Test func createdEventGetsOneScheduledMessageWithShortLinksAndTheBlockOnce() async throws {
        try await ServiceWorld.run { world in
            let id = try await world.create("Coaching", description: "Bring your notes")
            try await world.pass()
            #expect(try await world.outbox().map(\.state) == [.delivered], "status callbacks arrive")

            let messages = await world.twilio.messages(to: ServiceWorld.attendee)
            try #require(messages.count == 1)
            let lines = messages[0].body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines[0].hasPrefix("Your session \"Coaching\" is scheduled for "))
            #expect(lines[0].hasSuffix("(IST)."))
            #expect(lines[2] == "Need to change it?")
            let cancel = try #require(lines[3].split(separator: " ").last.map(String.init))
            let reschedule = try #require(lines[4].split(separator: " ").last.map(String.init))
            #expect(lines[3].hasPrefix("Cancel: ") && cancel.wholeMatch(of: Self.shortLink) != nil)
            #expect(lines[4].hasPrefix("Reschedule: ") && reschedule.wholeMatch(of: Self.shortLink) != nil)
            #expect(messages[0].from == world.twilio.whatsAppNumber)

            // The short code stands for a cancel token naming this very event.
            let code = String(cancel.split(separator: "/").last!)
            let link = try #require(try await world.service.store.link(code: code))
            #expect(link.target.hasPrefix("/cancel/"))
            let token = try world.service.links.read(String(link.target.dropFirst("/cancel/".count))).link
            #expect(token.eventID == id && token.calendarID == ServiceWorld.calendar && token.action == .cancel)

            let expectedDescription = """
                Bring your notes

                Attendee on WhatsApp: https://wa.me/919876543210
                Cancel: \(cancel)
                Reschedule: \(reschedule)
                """
            #expect(await world.event(id)?.description == expectedDescription)
            for _ in 0..<3 { try await world.pass() }
            #expect(await world.event(id)?.description == expectedDescription, "kept once across further syncs")
            #expect(await world.twilio.messages().count == 1, "the write-back announced nothing")
            #expect(try await world.outbox().map(\.state) == [.delivered], "status callbacks arrive")
        }
    }

    @Test func movedThenDeletedGivesRescheduledThenCancelled() async throws {
        try await ServiceWorld.run { world in
            let id = try await world.create("Coaching", inHours: 48)
            try await world.pass()
            let newStart = Date().addingTimeInterval(72 * 3_600)
            try await world.google.moveEvent(id, in: ServiceWorld.calendar, start: newStart, end: newStart.addingTimeInterval(3_600))
            try await world.pass()
            try await world.google.deleteEvent(id, in: ServiceWorld.calendar)
            try await world.pass()
            try await world.pass()

            let bodies = await world.twilio.messages(to: ServiceWorld.attendee).map(\.body)
            try #require(bodies.count == 3)
            let moved = SessionTime.text(newStart, in: SessionTime.zone("Asia/Kolkata"))
            #expect(bodies[1].hasPrefix("Your session \"Coaching\" has moved to \(moved). The earlier time, "))
            #expect(bodies[1].contains("(IST), is cancelled."))
            #expect(bodies[2] == """
                Your session "Coaching" on \(moved) has been cancelled.
                Book a new time: \(world.calendly.schedulingURL.absoluteString)
                """)
            #expect(try await world.outbox().map(\.kind) == [.scheduled, .rescheduled, .cancelled])
        }
    }

    @Test func anInvalidNumberIsNotRetriedAndTurnsTheEventRedWithTheReason() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.rejectNumber(ServiceWorld.attendee, code: 21211, message: "The 'To' number is not a valid phone number.")
            let id = try await world.create("Coaching", description: "Notes")
            try await world.pass()
            try await world.pass()
            #expect(await world.twilio.requestCounts.sendAttempts == 1, "a final refusal is not retried")
            let event = try #require(await world.event(id))
            #expect(event.colorId == "11")
            let firstLine = event.description?.split(separator: "\n").first.map(String.init)
            #expect(firstLine == "Failed to send WhatsApp message: The 'To' number is not a valid phone number. (Twilio error 21211)")
            #expect(event.description?.contains("Notes") == true)
            #expect(try await world.outbox().first?.state == .failed)
        }
    }

    @Test func aRateLimitThenSuccessSendsExactlyOnce() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.injectSendFaults([.tooManyRequests])
            try await world.create()
            try await world.settleRetries()
            #expect(await world.twilio.messages().count == 1)
            #expect(try await world.outbox().map(\.state) == [.delivered], "status callbacks arrive")
        }
    }

    @Test func aServerErrorIsRetriedAndSentOnce() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.injectSendFaults([.serverError])
            try await world.create()
            // A 500 may have sent it: the sender reconciles with Twilio's list, finds nothing, sends again.
            try await world.settleRetries()
            #expect(await world.twilio.messages().count == 1)
            #expect(try await world.outbox().first?.attempts == 2)
        }
    }

    @Test func aTimeoutAfterTwilioAcceptedIsReconciledNotResent() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.injectSendFaults([.timeoutAfterAccepting])
            try await world.create()
            try await world.settleRetries()
            let messages = await world.twilio.messages()
            #expect(messages.count == 1)
            let row = try #require(try await world.outbox().first)
            #expect(row.state == .delivered)
            #expect(row.twilioSID == messages.first?.sid)
            #expect(row.attempts == 1, "found in Twilio's list, not sent again")
        }
    }

    @Test func fiftyAttendeesWithOneBadNumber() async throws {
        try await ServiceWorld.run { world in
            let bad = "+919800000025"
            await world.twilio.rejectNumber(bad)
            var badEvent = ""
            for index in 0..<50 {
                let phone = "+9198000000\(String(format: "%02d", index))"
                let id = try await world.create("Session \(index)", inHours: Double(24 + index), location: phone)
                if phone == bad { badEvent = id }
            }
            try await world.settleRetries()
            #expect(await world.twilio.messages().count == 49)
            #expect(Set(await world.twilio.messages().map(\.to)).count == 49)
            #expect(await world.event(badEvent)?.colorId == "11")
            let states = try await world.outbox().map(\.state)
            #expect(states.filter { $0 == .delivered }.count == 49)
            #expect(states.filter { $0 == .failed }.count == 1)
        }
    }

    @Test func anApprovedTemplateGoesOutAsContentAndPassesTheSessionWindow() async throws {
        let sid = "HX" + String(repeating: "a", count: 32)
        try await ServiceWorld.run(["TWILIO_CONTENT_SID_SCHEDULED": sid]) { world in
            await world.twilio.setRequireSessionWindow(true)
            try await world.create("Coaching")
            try await world.pass()
            #expect(try await world.outbox().map(\.state) == [.delivered], "status callbacks arrive")
            let message = try #require(await world.twilio.messages().first)
            #expect(message.contentSID == sid)
            let variables = try JSONSerialization.jsonObject(with: Data((message.contentVariables ?? "").utf8)) as? [String: String]
            #expect(variables?["1"] == "Coaching")
            #expect(variables?["2"]?.hasSuffix("(IST)") == true)
            #expect(variables?["3"]?.wholeMatch(of: Self.shortLink) != nil)
            #expect(variables?["4"]?.wholeMatch(of: Self.shortLink) != nil)
        }
    }

    @Test func freeTextOutsideTheSessionWindowFailsWithTwiliosReason() async throws {
        try await ServiceWorld.run { world in
            await world.twilio.setRequireSessionWindow(true)
            let id = try await world.create("Coaching")
            try await world.pass()
            #expect(try await world.outbox().first?.state == .failed)
            #expect(await world.event(id)?.description?.hasPrefix("Failed to send WhatsApp message: ") == true)
        }
    }
}

/// Throughput (issue 15): the send concurrency asked for is the concurrency Twilio sees, and a new
/// session is not held up behind the calendar write-backs of a burst.
@Suite(.serialized)
struct ThroughputTests {
    @Test func sendConcurrencyAboveEightIsHonoured() async throws {
        try await ServiceWorld.run(["SEND_CONCURRENCY": "16", "SEND_RATE": "1000"]) { world in
            await world.twilio.setSendLatency(.milliseconds(300))
            for index in 0..<24 {
                try await world.create("Session \(index)", inHours: Double(24 + index), location: "+1415555\(String(format: "%04d", index))")
            }
            try await world.pass()
            #expect(await world.twilio.messages().count == 24)
            #expect(await world.twilio.requestCounts.mostSendsAtOnce >= 12, "more than the 8 connections a shared client keeps per host")
        }
    }

    @Test func aNewSessionGoesOutWhileTheBurstsWriteBacksAreStillRunning() async throws {
        try await ServiceWorld.run(["SEND_CONCURRENCY": "16", "SEND_RATE": "1000", "GOOGLE_WRITE_RATE": "8"]) { world in
            await world.google.setWriteLatency(.milliseconds(150))
            for index in 0..<40 {
                try await world.create("Burst \(index)", inHours: Double(24 + index), location: "+1415555\(String(format: "%04d", index))")
            }
            world.service.bells.watcher.ring()
            try await eventually("the burst is sent") { await world.twilio.messages().count == 40 ? true : nil }
            // 40 write-backs at 8 a second take about 5 seconds; the new session does not wait for them.
            try await world.create("Right after", inHours: 100, location: "+919876543210")
            world.service.bells.watcher.ring()
            try await eventually("the new session is sent") {
                await world.twilio.messages().contains { $0.to == "+919876543210" } ? true : nil
            }
            let annotated = await world.google.events(in: ServiceWorld.calendar).filter { $0.colorId == "10" }.count
            #expect(annotated < 40, "write-backs were still running when it went out (\(annotated) of 40 done)")
        }
    }
}
