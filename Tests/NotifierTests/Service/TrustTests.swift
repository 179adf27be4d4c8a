import ClientSupport
import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// DESIGN.md §22 against the running service: the right person, the right message, one booking
/// per slot, whatever the host edits meanwhile and however many requests come at once.
@Suite(.serialized)
struct TrustTests {
    static let replacement = "+919812345678"
    static func origin(_ world: ServiceWorld) -> [(String, String)] { [("Origin", world.baseURL.absoluteString)] }

    /// The `/cancel/…` page behind the latest message's cancel link to `phone`.
    static func cancelPage(in world: ServiceWorld, to phone: String = ServiceWorld.attendee) async throws -> String {
        let body = try #require(await world.twilio.messages(to: phone).last?.body)
        let line = try #require(body.split(separator: "\n").first { $0.hasPrefix("Cancel: ") })
        return try #require(try await Browser.get(String(line.dropFirst("Cancel: ".count))).headers.first(name: "Location"))
    }

    static func confirm(_ page: String, in world: ServiceWorld) async throws -> Browser.Page {
        let confirm = try CancelLinkTests.confirmValue(in: try await Browser.get(page).body)
        return try await Browser.post(page, form: [("confirm", confirm)], headers: origin(world))
    }

    // MARK: Links belong to one attendee

    @Test func theOldAttendeesCancelLinkActsOnNothingOnceTheHostReplacedThem() async throws {
        try await ServiceWorld.run { world in
            let id = try await world.create("Coaching")
            try await world.pass()
            let oldLink = try await Self.cancelPage(in: world)
            try await world.google.setLocation(of: id, in: ServiceWorld.calendar, to: Self.replacement)
            // Before the service has seen the change, the link checks the event itself.
            let early = try await Self.confirm(oldLink, in: world)
            #expect(early.status == 410)
            #expect(early.body.contains("This link is no longer valid"))
            try await world.pass()
            let late = try await Browser.get(oldLink)
            #expect(late.status == 410 && late.body.contains("This link is no longer valid"))
            #expect(await world.event(id)?.isDeleted == false, "the new attendee's session stays")
            let toNew = await world.twilio.messages(to: Self.replacement).map(\.body)
            #expect(toNew.count == 1 && toNew[0].contains("is scheduled for"), "the new attendee got no cancellation: \(toNew)")
        }
    }

    @Test func theOldAttendeesRescheduleLinkMovesNothingBeforeTheServiceSawTheChange() async throws {
        try await ServiceWorld.run(BookingPagesTests.settings) { world in
            let id = try await world.create("Coaching", inHours: 30)
            try await world.pass()
            let (url, opened) = try await BookingPagesTests.page("Reschedule: ", in: world)
            let page = try await BookingPagesTests.SlotPage.load(url: url, body: opened.body)
            let before = await world.event(id)?.start
            try await world.google.setLocation(of: id, in: ServiceWorld.calendar, to: Self.replacement)
            let moved = try await BookingPagesTests.post(page, start: page.starts[3], origin: world.baseURL.absoluteString)
            #expect(moved.status == 410 && moved.body.contains("This link is no longer valid"), "\(moved.status)")
            #expect(await world.event(id)?.start == before, "the new attendee's session did not move")
        }
    }

    @Test func everyLinkNamesItsAttendee() async throws {
        try await ServiceWorld.run { world in
            try await world.create("Coaching")
            try await world.pass()
            let page = try await Self.cancelPage(in: world)
            let token = String(try #require(page.split(separator: "/").last))
            let link = try world.service.links.read(token).link
            #expect(link.attendee == ServiceWorld.attendee)
        }
    }

    @Test func bookAgainBooksForTheAttendeeTheLinkNames() async throws {
        try await ServiceWorld.run(BookingPagesTests.settings) { world in
            let id = try await world.create("Coaching", inHours: 30)
            try await world.pass()
            // The host gives the slot to someone else: the first attendee hears it is cancelled.
            try await world.google.setLocation(of: id, in: ServiceWorld.calendar, to: Self.replacement)
            try await world.pass()
            let (url, opened) = try await BookingPagesTests.page("Book a new time: ", in: world)
            let page = try await BookingPagesTests.SlotPage.load(url: url, body: opened.body)
            let booked = try await BookingPagesTests.post(page, start: page.starts[2], origin: world.baseURL.absoluteString)
            #expect(booked.body.contains("You are booked"), "\(booked.body)")
            let made = await world.google.events(in: ServiceWorld.calendar).filter { !$0.isDeleted && $0.id != id }
            #expect(made.count == 1)
            let location = try #require(made.first?.location)
            #expect(LocationNumbers(location, defaultCallingCode: CallingCode(region: "IN")).phones.map(\.e164) == [ServiceWorld.attendee])
            #expect(await world.event(id)?.location == Self.replacement, "the other attendee's session is untouched")
        }
    }

    // MARK: One booking per slot

    @Test func twoReschedulesPostingOneSlotAtTheSameInstantGiveItOnce() async throws {
        let second = "+919812345679"
        try await ServiceWorld.run(BookingPagesTests.settings) { world in
            let first = try await world.create("Coaching", inHours: 30)
            let other = try await world.create("Coaching", inHours: 31, location: second)
            try await world.pass()
            let (urlA, openedA) = try await BookingPagesTests.page("Reschedule: ", in: world)
            let (urlB, openedB) = try await BookingPagesTests.page("Reschedule: ", in: world, to: second)
            let pageA = try await BookingPagesTests.SlotPage.load(url: urlA, body: openedA.body)
            let pageB = try await BookingPagesTests.SlotPage.load(url: urlB, body: openedB.body)
            let common = pageA.starts.filter(pageB.starts.contains)
            for round in 0..<5 {
                let slot = common[10 + round * 3]
                async let a = BookingPagesTests.post(pageA, start: slot, origin: world.baseURL.absoluteString)
                async let b = BookingPagesTests.post(pageB, start: slot, origin: world.baseURL.absoluteString)
                let answers = try await [a, b]
                #expect(answers.filter { $0.body.contains("Your session has moved") }.count == 1, "round \(round)")
                #expect(answers.filter { $0.status == 409 && $0.body.contains("that time has just been taken") }.count == 1)
                let (startA, startB) = (await world.event(first)?.start, await world.event(other)?.start)
                #expect(startA != startB, "never two sessions in one slot")
            }
        }
    }

    @Test func bookAgainLinksPostingOneSlotAtTheSameInstantGiveItOnce() async throws {
        let phones = [ServiceWorld.attendee, "+919812345679", "+919812345670"]
        try await ServiceWorld.run(BookingPagesTests.settings) { world in
            var ids: [String] = []
            for (index, phone) in phones.enumerated() {
                ids.append(try await world.create("Coaching", inHours: 30 + Double(index), location: phone))
            }
            try await world.pass()
            for id in ids { try await world.google.deleteEvent(id, in: ServiceWorld.calendar) }
            try await world.pass()
            var pages: [BookingPagesTests.SlotPage] = []
            for phone in phones {
                let (url, opened) = try await BookingPagesTests.page("Book a new time: ", in: world, to: phone)
                pages.append(try await BookingPagesTests.SlotPage.load(url: url, body: opened.body))
            }
            let slot = pages[0].starts[6]
            let answers = try await withThrowingTaskGroup(of: Browser.Page.self) { group in
                for page in pages { group.addTask { try await BookingPagesTests.post(page, start: slot, origin: world.baseURL.absoluteString) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0.body.contains("You are booked") }.count == 1)
            #expect(answers.filter { $0.status == 409 }.count == 2)
            #expect(await world.google.events(in: ServiceWorld.calendar).filter { !$0.isDeleted }.count == 1)
        }
    }

    // MARK: A token has one meaning

    @Test func aBookLinkSpelledDifferentlyIsTheSameLink() async throws {
        try await ServiceWorld.run(BookingPagesTests.settings) { world in
            let id = try await world.create("Coaching", inHours: 30)
            try await world.pass()
            try await world.google.deleteEvent(id, in: ServiceWorld.calendar)
            try await world.pass()
            let (url, opened) = try await BookingPagesTests.page("Book a new time: ", in: world)
            let page = try await BookingPagesTests.SlotPage.load(url: url, body: opened.body)
            let booked = try await BookingPagesTests.post(page, start: page.starts[1], origin: world.baseURL.absoluteString)
            #expect(booked.body.contains("You are booked"))
            for variant in Self.spellings(of: url) {
                // Said on opening it, with what it booked: the same link, however it is spelled.
                let again = try await Browser.get(variant)
                #expect(again.body.contains("This link was used already") && again.body.contains("You booked "), "\(variant): \(again.body)")
                let forced = try await Browser.post(variant, form: [("confirm", page.confirm), ("start", page.starts[4])],
                                                    headers: [("Origin", world.baseURL.absoluteString)])
                #expect(!forced.body.contains("You are booked"), "\(variant)")
            }
            #expect(await world.google.events(in: ServiceWorld.calendar).filter { !$0.isDeleted }.count == 1, "one booking per link")
        }
    }

    /// The same token written differently: extra padding, and its unused base64 bits changed.
    static func spellings(of url: String) -> [String] {
        var variants = [url + "=", url + "=="]
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let padding = url.reversed().prefix { $0 == "=" }.count
        var characters = Array(url.dropLast(padding))
        if padding > 0, let last = characters.last, let value = alphabet.firstIndex(of: last) {
            characters[characters.count - 1] = alphabet[value ^ 1]
            variants.append(String(characters) + String(repeating: "=", count: padding))
        }
        return variants
    }

    // MARK: Notices follow what was really told

    @Test func createdThenDeletedWhileTheSendWasUnclearSendsNothing() async throws {
        try await Self.unclearFirstSend { world, id in
            try await world.google.deleteEvent(id, in: ServiceWorld.calendar)
        } then: { world, _ in
            #expect(await world.twilio.messages().isEmpty, "no cancellation of a session never announced")
        }
    }

    @Test func createdThenMovedWhileTheSendWasUnclearAnnouncesTheFinalTimeOnce() async throws {
        let moved = Date(timeIntervalSince1970: Date().addingTimeInterval(72 * 3_600).timeIntervalSince1970.rounded(.down))
        try await Self.unclearFirstSend { world, id in
            try await world.google.moveEvent(id, in: ServiceWorld.calendar, start: moved, end: moved.addingTimeInterval(3_600))
        } then: { world, _ in
            let bodies = await world.twilio.messages().map(\.body)
            #expect(bodies.count == 1)
            #expect(bodies.first?.contains("is scheduled for \(SessionTime.text(moved, in: SessionTime.zone("Asia/Kolkata")))") == true,
                    "\(bodies)")
            #expect(bodies.first?.contains("has moved") == false)
        }
    }

    /// The first send gets a 500 (it may have gone), the host edits, then the unclear send is
    /// looked for in Twilio's list and not found.
    static func unclearFirstSend(
        edit: (ServiceWorld, String) async throws -> Void, then check: (ServiceWorld, String) async throws -> Void
    ) async throws {
        let clock = TestClock()
        var tuning = ServiceWorld.quickTuning
        tuning.retrySchedule = OutboxRetrySchedule(base: .seconds(120), cap: .seconds(120), maxAttempts: 5)
        try await ServiceWorld.run(tuning: tuning, clock: clock) { world in
            await world.twilio.injectSendFaults([.serverError])
            let id = try await world.create("Coaching", inHours: 48)
            try await world.pass()
            #expect(try await world.outbox().map(\.state) == [.unknown])
            try await edit(world, id)
            try await world.pass()
            #expect(await world.twilio.messages().isEmpty, "nothing goes while the first send is unclear")
            // The unclear send is looked for; a notice decided again goes on a later round. The
            // two may be taken in one pass, in either order: the newer one, taken first, waits
            // for the earlier's outcome (the retry schedule's first step), so time moves on
            // each round.
            for _ in 0..<3 {
                clock.advance(by: 600)
                world.service.bells.sender.ring()
                try await world.settle()
            }
            try await check(world, id)
        }
    }

    @Test func anOutageWhileTheHostEditsSendsOnlyTheFinalNews() async throws {
        try await ServiceWorld.run { world in
            // A kept-alive connection exists before the outage: the first session is announced.
            try await world.create("Warm-up", inHours: 20, location: "+919812345670")
            try await world.pass()
            await world.twilio.goOffline()
            let created = try await world.create("Coaching", inHours: 48)
            let deleted = try await world.create("Yoga", inHours: 50, location: Self.replacement)
            try await world.pass()
            let moved = Date(timeIntervalSince1970: Date().addingTimeInterval(80 * 3_600).timeIntervalSince1970.rounded(.down))
            try await world.google.moveEvent(created, in: ServiceWorld.calendar, start: moved, end: moved.addingTimeInterval(3_600))
            try await world.google.deleteEvent(deleted, in: ServiceWorld.calendar)
            try await world.pass()
            try await world.twilio.comeBack()
            try await world.settleRetries()
            let toAttendee = await world.twilio.messages(to: ServiceWorld.attendee).map(\.body)
            let rows = try await world.outbox().map { "\($0.phone) \($0.kind) \($0.state) \($0.error ?? "")" }
            #expect(toAttendee.count == 1, "\(toAttendee) \(rows)")
            #expect(toAttendee.first?.contains("is scheduled for \(SessionTime.text(moved, in: SessionTime.zone("Asia/Kolkata")))") == true)
            #expect(await world.twilio.messages(to: Self.replacement).isEmpty, "created then deleted: nothing")
        }
    }

    @Test func aSendRefusedAfterALaterChangeWasDecidedIsNotNewsToBuildOn() async throws {
        var tuning = ServiceWorld.quickTuning
        tuning.twilioRetry = CallRetryPolicy(attempts: 1, baseDelay: .milliseconds(5), maxDelay: .milliseconds(5))
        try await ServiceWorld.run(tuning: tuning) { world in
            // The first send is in flight (slow) when the host moves the session, then refused (429,
            // nothing recorded): the move was decided as if the attendee knew the first time.
            await world.twilio.setSendLatency(.milliseconds(800))
            await world.twilio.injectSendFaults([.tooManyRequests])
            let id = try await world.create("Coaching", inHours: 48)
            world.service.bells.watcher.ring()
            try await eventually("the first send is in flight") { try await world.outbox().first?.state == .sending ? true : nil }
            let moved = Date(timeIntervalSince1970: Date().addingTimeInterval(72 * 3_600).timeIntervalSince1970.rounded(.down))
            try await world.google.moveEvent(id, in: ServiceWorld.calendar, start: moved, end: moved.addingTimeInterval(3_600))
            world.service.bells.watcher.ring()
            try await eventually("the move is decided") { try await world.outbox().count == 2 ? true : nil }
            await world.twilio.setSendLatency(.zero)
            try await world.settleRetries()
            let bodies = await world.twilio.messages().map(\.body)
            #expect(bodies.count == 1, "\(bodies)")
            #expect(bodies.first?.contains("is scheduled for \(SessionTime.text(moved, in: SessionTime.zone("Asia/Kolkata")))") == true)
        }
    }

    // MARK: Conversation state is the latest request

    @Test func aNewerRequestDropsThePendingQuestion() async throws {
        try await ServiceWorld.run { world in
            let (id, _) = try await ConversationTests.session(world)
            #expect(try await ConversationTests.say("2", in: world).contains("Reply YES to cancel it"))
            _ = try await ConversationTests.say("3", in: world)
            let yes = try await ConversationTests.say("YES", in: world)
            #expect(!yes.contains("being cancelled"), "\(yes)")
            try await world.settle()
            #expect(await world.event(id)?.isDeleted == false)
        }
    }

    @Test func aButtonForACancelledOrStartedSessionSaysSo() async throws {
        let reminder = "HX" + String(repeating: "c", count: 32)
        let clock = TestClock()
        try await ServiceWorld.run(["REMINDERS": "1h", "TWILIO_CONTENT_SID_REMINDER": reminder], clock: clock) { world in
            await world.twilio.defineQuickReplyTemplate(reminder, text: "Reminder: {{1}} starts {{2}}.", buttons: [
                QuickReplyButton(id: "confirm", title: "Confirm"), QuickReplyButton(id: "cancel", title: "Cancel"),
            ])
            let (id, start) = try await ConversationTests.session(world, "Coaching", inHours: 30)
            clock.set(start.addingTimeInterval(-3_600 + 1))
            world.service.bells.sender.ring()
            try await world.settle()
            let sent = try #require(await world.twilio.messages().last)
            #expect(sent.contentSID == reminder)
            let url = world.baseURL.appendingPathComponent("webhooks/twilio/inbound")
            clock.set(start.addingTimeInterval(60))
            let started = try await world.twilio.postButtonTap(from: ServiceWorld.attendee, button: sent.buttons[0], repliedTo: sent.sid, to: url)
            #expect(started.body.contains("has already started"), "\(started.body)")
            clock.set(start.addingTimeInterval(-1_800))
            try await world.google.deleteEvent(id, in: ServiceWorld.calendar)
            try await world.pass()
            let cancelled = try await world.twilio.postButtonTap(from: ServiceWorld.attendee, button: sent.buttons[1], repliedTo: sent.sid, to: url)
            #expect(cancelled.body.contains("was cancelled"), "\(cancelled.body)")
            #expect(!cancelled.body.contains("no sessions"))
        }
    }

    // MARK: A group whose last attendee cancelled

    @Test func theLastAttendeeOfAGroupCancellingFreesTheSlot() async throws {
        try await ServiceWorld.run { world in
            let id = try await world.create("Group", location: "\(ServiceWorld.attendee), \(Self.replacement)")
            try await world.pass()
            let first = try await Self.cancelPage(in: world)
            let second = try await Self.cancelPage(in: world, to: Self.replacement)
            #expect(try await Self.confirm(first, in: world).status == 200)
            try await world.pass()
            #expect(await world.event(id)?.isDeleted == false, "one attendee is still on it")
            #expect(try await Self.confirm(second, in: world).status == 200)
            try await world.pass()
            #expect(await world.event(id)?.isDeleted == true, "nobody is left: the slot is free")
        }
    }
}

/// Google's quota (issue 26): a delivery report that changes no colour costs no Google request.
@Suite(.serialized)
struct WriteBackQuotaTests {
    @Test func readAfterDeliveredCostsGoogleNothing() async throws {
        try await ServiceWorld.run { world in
            try await world.create("Coaching")
            try await world.pass()
            let sid = try #require(await world.twilio.messages().last?.sid)
            let before = await world.google.requestCounts.api
            #expect((200..<300).contains(try await world.twilio.deliverStatus("read", for: sid)))
            try await world.settle()
            #expect(try await world.outbox().last?.state == .read)
            #expect(await world.google.requestCounts.api == before, "delivered → read: the calendar stays green, untouched")
        }
    }
}
