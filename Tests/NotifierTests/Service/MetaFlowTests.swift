import Emulators
import Foundation
import MetaCloud
import TestSupport
import Testing
@testable import Notifier

/// WhatsApp through Meta's Cloud API (DESIGN.md §25): the whole service against the Meta emulator
/// over real HTTP, its statuses and messages posted back to `/webhooks/whatsapp`, signed.
@Suite(.serialized)
struct MetaFlowTests {
    static let template = "Your session {{1}} is scheduled for {{2}}. Cancel: {{3}}"

    static func withMeta(_ extra: [String: String] = [:], clock: TestClock? = nil,
                         _ body: (ServiceWorld, MetaEmulator) async throws -> Void) async throws {
        let meta = try await MetaEmulator.start()
        meta.defineTemplate("session_scheduled", language: "en", text: Self.template)
        meta.defineTemplate("session_reminder", language: "en", text: "Reminder: {{1}} starts {{2}}.")
        // No Calendly page: the scheduled template's values are the title, the time and the cancel link.
        let settings = meta.settings.merging(["CALENDLY_SCHEDULING_URL": "", "CALENDLY_WEBHOOK_SIGNING_KEY": ""]) { $1 }.merging(extra) { $1 }
        try await stopping({ await meta.stop() }) {
            try await ServiceWorld.run(settings, clock: clock) { world in
                meta.setWebhook(publicBaseURL: world.baseURL)
                try await body(world, meta)
            }
        }
    }

    /// Waits until the loops are idle and every status Meta posted has been answered and acted on.
    static func settle(_ world: ServiceWorld, _ meta: MetaEmulator) async throws {
        for _ in 0..<3 {
            await world.service.waitUntilIdle()
            await meta.statusesSettled()
        }
        await world.service.waitUntilIdle()
    }

    static func pass(_ world: ServiceWorld, _ meta: MetaEmulator) async throws {
        world.service.bells.watcher.ring()
        try await settle(world, meta)
    }

    @Test func aTemplateIsDeliveredAndTheEventTurnsGreen() async throws {
        try await Self.withMeta(["META_TEMPLATE_SCHEDULED": "session_scheduled"]) { world, meta in
            let id = try await world.create("Coaching")
            try await Self.pass(world, meta)
            let sent = try #require(meta.messages(to: ServiceWorld.attendee).first)
            #expect(sent.template == "session_scheduled" && sent.language == "en")
            #expect(sent.text.hasPrefix("Your session Coaching is scheduled for") && sent.text.contains("/r/"), "\(sent.text)")
            #expect(sent.callbackData?.hasPrefix("outbox:") == true, "the outbox id rides along")
            try await eventually("delivered, green") {
                try await Self.settle(world, meta)
                return await world.event(id)?.colorId == "10" ? true : nil
            }
            #expect(try await world.outbox().first?.state == .delivered)
        }
    }

    @Test func freeTextOutsideTheWindowAndAnUndeliverableNumberTurnRedWithMetasReason() async throws {
        try await Self.withMeta { world, meta in
            // No template: free text, which Meta accepts and then fails (131047) outside the 24-hour window.
            let id = try await world.create("Coaching")
            try await Self.pass(world, meta)
            try await eventually("failed, red, with the reason") {
                try await Self.settle(world, meta)
                let event = await world.event(id)
                return event?.colorId == "11" && event?.description?.contains("131047") == true ? true : nil
            }
            #expect(try await world.outbox().first?.error?.contains("more than 24 hours") == true)

            meta.rejectNumber("+919876500000")
            let other = try await world.create("Other", location: "+91 98765 00000")
            try await Self.pass(world, meta)
            try await eventually("undeliverable, red") {
                try await Self.settle(world, meta)
                return await world.event(other)?.description?.contains("131026") == true ? true : nil
            }
        }
    }

    /// A send Meta answers with a `500` after the message went: its status, naming the outbox row,
    /// settles it; it is not sent again.
    @Test func anUnclearSendIsSettledByItsStatusAndNotSentTwice() async throws {
        try await Self.withMeta(["META_TEMPLATE_SCHEDULED": "session_scheduled"]) { world, meta in
            meta.injectFaults([.serverErrorAfterSending])
            let id = try await world.create("Coaching")
            try await Self.pass(world, meta)
            try await eventually("settled by the status") {
                try await Self.settle(world, meta)
                return try await world.outbox().first?.state == .delivered ? true : nil
            }
            try await world.settleRetries()
            #expect(meta.messages(to: ServiceWorld.attendee).count == 1, "sent once")
            #expect(await world.event(id)?.colorId == "10")
        }
    }

    /// The statuses come in before the send's own answer, which then fails: the message went, and
    /// the failure does not undo that (nor, 15 minutes later, send it again).
    @Test func statusesBeforeAnUnclearAnswerKeepTheMessageSent() async throws {
        let clock = TestClock()
        try await Self.withMeta(["META_TEMPLATE_SCHEDULED": "session_scheduled"], clock: clock) { world, meta in
            meta.injectFaults([.statusesBeforeTimeout])
            let id = try await world.create("Coaching")
            try await Self.pass(world, meta)
            #expect(try await world.outbox().first?.state == .delivered)
            clock.set(clock.now.addingTimeInterval(20 * 60))
            world.service.bells.sender.ring()
            try await Self.settle(world, meta)
            #expect(meta.messages(to: ServiceWorld.attendee).count == 1, "sent once")
            #expect(await world.event(id)?.colorId == "10")
        }
    }

    /// The statuses come in, and are taken, before the send's own `200`: the answer does not take
    /// the message back to `queued`, and a failure stays a failure (found by review: a failed
    /// message showed green).
    @Test(arguments: [false, true])
    func statusesBeforeTheAnswerAreKept(failing: Bool) async throws {
        try await Self.withMeta(["META_TEMPLATE_SCHEDULED": "session_scheduled"]) { world, meta in
            if failing { meta.rejectNumber(ServiceWorld.attendee) }
            meta.injectFaults([.statusesBeforeAnswer])
            let id = try await world.create("Coaching")
            try await Self.pass(world, meta)
            let message = try #require(try await world.outbox().first)
            #expect(message.state == (failing ? .failed : .delivered))
            #expect(await world.event(id)?.colorId == (failing ? "11" : "10"))
            #expect(meta.messages(to: ServiceWorld.attendee).count == 1, "sent once")
        }
    }

    /// Only the changes for this service's number are acted on; a reaction gets no answer.
    @Test func anotherNumbersChangesAndReactionsAreLeftAlone() async throws {
        try await Self.withMeta { world, meta in
            let url = URL(string: world.baseURL.absoluteString + "/webhooks/whatsapp")!
            var other = String(decoding: MetaEmulator.envelope(["messages": [["from": "919876543210", "id": "wamid.X1", "type": "text",
                                                                               "text": ["body": "STOP"]]]]), as: UTF8.self)
            other = other.replacingOccurrences(of: MetaEmulator.phoneNumberID, with: "100000000000001")
            #expect(try await meta.post(Data(other.utf8), to: url) == 200)
            let reaction = MetaEmulator.envelope(["messages": [["from": "919876543210", "id": "wamid.X2", "type": "reaction",
                                                                "reaction": ["message_id": "wamid.Y", "emoji": "👍"]]]])
            #expect(try await meta.post(reaction, to: url) == 200)
            // A change that names no number is not read either.
            let unnamed = Data(#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","messages":[{"from":"919876543210","id":"wamid.X3","type":"text","text":{"body":"STOP"}}]}}]}]}"#.utf8)
            #expect(try await meta.post(unnamed, to: url) == 200)
            try await Self.settle(world, meta)
            #expect(try await world.service.store.isOptedOut(ServiceWorld.attendee) == false, "another number's STOP is not ours")
            #expect(meta.messages(to: ServiceWorld.attendee).isEmpty, "no answer to a reaction")
        }
    }

    @Test func repliesGoBackThroughTheAPIAndARetriedDeliveryIsAnsweredOnce() async throws {
        try await Self.withMeta(["META_TEMPLATE_SCHEDULED": "session_scheduled"]) { world, meta in
            try await world.create("Coaching")
            try await Self.pass(world, meta)
            let before = meta.messages(to: ServiceWorld.attendee).count
            #expect(try await meta.postInbound(from: ServiceWorld.attendee, text: "sessions", id: "wamid.IN-1") == 200)
            try await eventually("the list is sent back") { meta.messages(to: ServiceWorld.attendee).count == before + 1 ? true : nil }
            #expect(meta.messages(to: ServiceWorld.attendee).last?.text.contains("Coaching") == true)
            // Meta delivers the same message again: answered once.
            #expect(try await meta.postInbound(from: ServiceWorld.attendee, text: "sessions", id: "wamid.IN-1") == 200)
            try await Self.settle(world, meta)
            #expect(meta.messages(to: ServiceWorld.attendee).count == before + 1)
            // Five copies of one message at the same instant: still one answer.
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<5 { group.addTask { _ = try? await meta.postInbound(from: ServiceWorld.attendee, text: "sessions", id: "wamid.IN-2") } }
            }
            try await eventually("the one answer is sent") { meta.messages(to: ServiceWorld.attendee).count == before + 2 ? true : nil }
            try await Self.settle(world, meta)
            #expect(meta.messages(to: ServiceWorld.attendee).count == before + 2, "answered once")

            // STOP: opted out, and the next notice is not sent.
            try await meta.postInbound(from: ServiceWorld.attendee, text: "STOP")
            try await world.create("Later", inHours: 72)
            try await Self.pass(world, meta)
            #expect(meta.messages(to: ServiceWorld.attendee).filter { $0.text.contains("Later") }.isEmpty)
            #expect(try await world.outbox().last?.state == .skipped)
        }
    }

    @Test func theWebhookIsVerifiedAndAForgedPostIsRefused() async throws {
        try await Self.withMeta { world, meta in
            let url = world.baseURL.absoluteString + "/webhooks/whatsapp"
            let verified = try await Browser.get(url + "?hub.mode=subscribe&hub.verify_token=\(MetaEmulator.verifyToken)&hub.challenge=1158201444")
            #expect(verified.status == 200 && verified.body == "1158201444")
            #expect(try await Browser.get(url + "?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1").status == 403)
            let body = Data(#"{"object":"whatsapp_business_account","entry":[]}"#.utf8)
            #expect(try await meta.post(body, to: URL(string: url)!, signature: "sha256=" + String(repeating: "0", count: 64)) == 403)
            #expect(try await meta.post(body, to: URL(string: url)!) == 200)
            // Twilio's webhooks are not there with Meta: an empty auth token must sign nothing.
            let twilio = try await Browser.post(world.baseURL.absoluteString + "/webhooks/twilio/inbound",
                                                form: [("From", "whatsapp:" + ServiceWorld.attendee), ("Body", "STOP"), ("MessageSid", "SM1")])
            #expect(twilio.status == 404)
            #expect(try await world.service.store.isOptedOut(ServiceWorld.attendee) == false)
        }
    }

    /// A wrong META_APP_SECRET refuses every webhook: the dashboard and `/healthz` say so, until
    /// one is accepted again.
    @Test func webhooksRefusedForTheirSignatureShowOnTheDashboardAndHealthz() async throws {
        try await Self.withMeta(["DASHBOARD_PASSWORD": DashboardTests.password]) { world, meta in
            let url = URL(string: world.baseURL.absoluteString + "/webhooks/whatsapp")!
            let body = Data(#"{"object":"whatsapp_business_account","entry":[]}"#.utf8)
            for _ in 0..<3 { #expect(try await meta.post(body, to: url, signature: "sha256=" + String(repeating: "1", count: 64)) == 403) }
            let health = try await Browser.get(world.baseURL.absoluteString + "/healthz")
            #expect(health.status == 200 && health.body.contains("refused: Meta's webhooks"), "\(health.body)")
            let cookie = try await DashboardTests.logIn(world)
            let page = try await Browser.get(world.baseURL.absoluteString + "/host", headers: [("Cookie", cookie)])
            #expect(page.body.contains("WhatsApp webhooks refused") && page.body.contains("META_APP_SECRET"))
            #expect(try await meta.post(body, to: url) == 200)
            #expect(try await Browser.get(world.baseURL.absoluteString + "/healthz").body == "ok\n")
        }
    }

    @Test func metasErrorsAreSortedByWhatCanBeDone() {
        func kind(_ code: Int, status: Int = 400) -> SendFailure.Kind {
            MetaProvider.failure(.api(status: status, code: code, message: "m", details: nil)).kind
        }
        #expect(kind(130429) == .retryLater && kind(131056) == .retryLater && kind(131048) == .retryLater && kind(4) == .retryLater)
        #expect(kind(190, status: 401) == .credentials && kind(368, status: 403) == .credentials && kind(131031) == .credentials)
        #expect(kind(131042) == .credentials && kind(133010) == .credentials && kind(230) == .credentials)
        #expect(kind(131026) == .final && kind(132000) == .final && kind(132001, status: 404) == .final && kind(131047) == .final)
        #expect(MetaProvider.parameter("") == "–" && MetaProvider.parameter("a\n\tb      c") == "a  b    c")
    }

    /// Reminders: as the approved template with its three quick replies outside the window (a tap
    /// on Confirm turns the event blue), as free text inside it (the attendee wrote lately).
    @Test func remindersGoAsTheirTemplateOrAsTextInsideTheWindowAndAButtonTapConfirms() async throws {
        let clock = TestClock()
        try await Self.withMeta(["META_TEMPLATE_SCHEDULED": "session_scheduled", "META_TEMPLATE_REMINDER": "session_reminder", "REMINDERS": "24h"],
                                clock: clock) { world, meta in
            let start = ReminderTests.wholeSeconds(clock.now.addingTimeInterval(30 * 3_600))
            let id = try await world.google.createEvent(in: ServiceWorld.calendar, summary: "Coaching", start: start,
                                                        end: start.addingTimeInterval(3_600), location: ServiceWorld.attendee)
            try await Self.pass(world, meta)
            clock.set(start.addingTimeInterval(-24 * 3_600 + 1))
            world.service.bells.sender.ring()
            try await Self.settle(world, meta)
            let reminder = try #require(meta.messages(to: ServiceWorld.attendee).last)
            #expect(reminder.template == "session_reminder" && reminder.buttons == ["confirm", "cancel", "reschedule"])
            try await meta.postInbound(from: ServiceWorld.attendee, text: "Confirm", buttonPayload: "confirm", repliedTo: reminder.id)
            try await eventually("confirmed: blue") {
                try await Self.settle(world, meta)
                return await world.event(id)?.colorId == "7" ? true : nil
            }
        }
    }

    static let writer = "+919876543211"

    @Test func aReminderWithoutATemplateReachesOnlyAnAttendeeWhoWroteLately() async throws {
        let clock = TestClock()
        try await Self.withMeta(["META_TEMPLATE_SCHEDULED": "session_scheduled", "REMINDERS": "24h"], clock: clock) { world, meta in
            try await Self.remindBoth(world, meta, clock)
        }
    }

    /// Inside the window a reminder goes as its text with reply buttons of its own (titled in the
    /// attendee's language), even with an approved template; outside it, as the template.
    @Test func aReminderInsideTheWindowCarriesItsOwnButtons() async throws {
        let clock = TestClock()
        try await Self.withMeta(["META_TEMPLATE_SCHEDULED": "session_scheduled", "META_TEMPLATE_REMINDER": "session_reminder", "REMINDERS": "24h"],
                                clock: clock) { world, meta in
            try await Self.remindBoth(world, meta, clock)
            let inside = try #require(meta.messages(to: Self.writer).last)
            #expect(inside.template == nil && inside.buttons == ["confirm", "cancel"], "no reschedule offered here: two buttons")
            #expect(inside.text.hasPrefix("Reminder: your session \"Coaching B\" starts "))
            let outside = try #require(meta.messages(to: ServiceWorld.attendee).last)
            #expect(outside.template == "session_reminder")
            _ = try await meta.postInbound(from: Self.writer, text: "Confirm", buttonPayload: "confirm", repliedTo: inside.id)
            try await eventually("the tap confirms") {
                try await Self.settle(world, meta)
                return try await world.outbox().contains { $0.phone == Self.writer && $0.kind == .reminder } && (meta.messages(to: Self.writer).last?.text.hasPrefix("Thank you") ?? false) ? true : nil
            }
        }
    }

    private static func remindBoth(_ world: ServiceWorld, _ meta: MetaEmulator, _ clock: TestClock) async throws {
        let start = ReminderTests.wholeSeconds(clock.now.addingTimeInterval(30 * 3_600))
        _ = try await world.google.createEvent(in: ServiceWorld.calendar, summary: "Coaching A", start: start,
                                               end: start.addingTimeInterval(3_600), location: ServiceWorld.attendee)
        _ = try await world.google.createEvent(in: ServiceWorld.calendar, summary: "Coaching B", start: start,
                                               end: start.addingTimeInterval(3_600), location: writer)
        try await pass(world, meta)
        try await meta.postInbound(from: writer, text: "Thanks!")
        try await settle(world, meta)
        clock.set(start.addingTimeInterval(-24 * 3_600 + 1))
        world.service.bells.sender.ring()
        try await eventually("the reminders' statuses are in") {
            try await settle(world, meta)
            return try await settledReminders(world) == 2 ? true : nil
        }
        let reminders = try await world.outbox().filter { $0.kind == .reminder }
        let inside = reminders.first { $0.phone == writer }
        let outside = reminders.first { $0.phone == ServiceWorld.attendee }
        #expect(inside?.state == .delivered, "inside the window: free text is fine")
        if outside?.contentSID == nil { #expect(outside?.error?.contains("131047") == true, "outside it: Meta's 24-hour rule") }
    }

    private static func settledReminders(_ world: ServiceWorld) async throws -> Int {
        try await world.outbox().filter { $0.kind == .reminder && ($0.state == .delivered || $0.state == .failed) }.count
    }

    /// What the README promises: a send with an unclear answer and no status at all is sent again
    /// once 15 minutes have passed, not before.
    @Test func anUnclearSendWithNoStatusIsSentAgainAfterFifteenMinutes() async throws {
        let clock = TestClock()
        try await Self.withMeta(["META_TEMPLATE_SCHEDULED": "session_scheduled", "DASHBOARD_PASSWORD": DashboardTests.password], clock: clock) { world, meta in
            meta.setWebhook(publicBaseURL: nil)
            meta.injectFaults([.serverErrorAfterSending])
            try await world.create("Coaching")
            try await Self.pass(world, meta)
            #expect(try await world.outbox().first?.state == .unknown)
            let cookie = try await DashboardTests.logIn(world)
            let dashboard = try await Browser.get(world.baseURL.absoluteString + "/host", headers: [("Cookie", cookie)]).body
            #expect(dashboard.contains("outcome unknown"), "the dashboard says the send is unclear")
            clock.set(clock.now.addingTimeInterval(10 * 60))
            world.service.bells.sender.ring()
            try await Self.settle(world, meta)
            #expect(meta.messages(to: ServiceWorld.attendee).count == 1, "within 15 minutes its status may still come: not sent again")
            clock.set(clock.now.addingTimeInterval(6 * 60))
            world.service.bells.sender.ring()
            try await eventually("sent again") {
                try await Self.settle(world, meta)
                return meta.messages(to: ServiceWorld.attendee).count == 2 ? true : nil
            }
        }
    }
}
