import Emulators
import Foundation
import TestSupport
import Testing
@testable import Notifier

/// The built-in booking pages end to end (DESIGN.md §18): the running service, the Google
/// emulator's free/busy, insert and `If-Match`, and real HTTP on loopback.
@Suite(.serialized)
struct BookingPagesTests {
    /// Booking at any hour, no Calendly: the reschedule link opens the service's own slot page.
    static let settings = ["BOOKING_HOURS": "Mon-Sun 00:00-24:00", "BOOKING_NOTICE": "1h", "BOOKING_DAYS_AHEAD": "5",
                           "CALENDLY_SCHEDULING_URL": "", "CALENDLY_WEBHOOK_SIGNING_KEY": ""]

    /// A booking page as the attendee meets it: its days are links, each day's times are links
    /// to a confirm step, whose form carries the value a post needs.
    struct SlotPage {
        let url: String
        let confirm: String
        /// Every free time on every day offered, in order.
        let starts: [String]

        static func load(url: String, body: String) async throws -> SlotPage {
            let base = try #require(URL(string: url))
            let days = body.matches(of: #/class="day[^"]*" href="([^"]+)"/#).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
            var starts: [String] = []
            for day in days {
                let page = try await Browser.get(try #require(URL(string: day, relativeTo: base)).absoluteString)
                starts += page.body.matches(of: #/class="time" href="[^"]*start=([^&"]+)/#)
                    .map { String($0.1).removingPercentEncoding ?? String($0.1) }
            }
            var confirm = ""
            // The last time offered: the first may pass the booking notice while the days load on a
            // busy machine (seen once: its confirm step then had no form).
            if let last = starts.last {
                let step = try await Browser.get(url + "?start=" + (last.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? last))
                confirm = try #require(step.body.firstMatch(of: #/name="confirm" value="([^"]+)"/#).map { String($0.1) })
            }
            return SlotPage(url: url, confirm: confirm, starts: starts)
        }
    }

    /// Follows a short link from the latest message to `phone` that starts with `label`.
    static func page(_ label: String, in world: ServiceWorld, to phone: String = ServiceWorld.attendee) async throws -> (String, Browser.Page) {
        let body = try #require(await world.twilio.messages(to: phone).last?.body)
        let line = try #require(body.split(separator: "\n").first { $0.hasPrefix(label) })
        let target = try #require(try await Browser.get(String(line.dropFirst(label.count))).location)
        return (target, try await Browser.get(target))
    }

    static func post(_ page: SlotPage, start: String, origin: String) async throws -> Browser.Page {
        try await Browser.post(page.url, form: [("confirm", page.confirm), ("start", start)], headers: [("Origin", origin)])
    }

    @Test func rescheduleMovesTheEventAndTheAttendeeHearsOnce() async throws {
        try await ServiceWorld.run(Self.settings) { world in
            let id = try await world.create("Coaching", inHours: 30)
            try await world.pass()
            let (url, opened) = try await Self.page("Reschedule: ", in: world)
            #expect(url.hasPrefix(world.baseURL.absoluteString + "/reschedule/"))
            #expect(opened.status == 200)
            #expect(opened.body.contains("Move your session") && opened.body.contains("Coaching"))
            let page = try await SlotPage.load(url: url, body: opened.body)
            #expect(page.starts.count > 20)
            #expect(await world.twilio.messages().count == 1, "opening the page changes nothing")

            let chosen = page.starts[3]
            let done = try await Self.post(page, start: chosen, origin: world.baseURL.absoluteString)
            #expect(done.body.contains("Your session has moved"), "\(done.body)")
            try await world.pass()
            let event = try #require(await world.event(id))
            guard case .timed(let start, _) = event.start else { Issue.record("not a timed event"); return }
            #expect(start == (try Date(chosen, strategy: .iso8601)))
            #expect(event.end == .timed(start.addingTimeInterval(3_600), timeZone: "Asia/Kolkata"), "the length is kept")
            let kinds = try await world.outbox().map(\.kind)
            #expect(kinds == [.scheduled, .rescheduled], "exactly one rescheduled message")
            #expect(await world.twilio.messages().last?.body.contains("has moved to") == true)

            // A second pick through the same page moves it again, announced once more (links
            // follow the event, as DESIGN.md §7 says); nothing is sent twice for one move.
            let again = try await Self.post(page, start: page.starts[5], origin: world.baseURL.absoluteString)
            #expect(again.body.contains("Your session has moved"))
            try await world.pass()
            #expect(try await world.outbox().map(\.kind) == [.scheduled, .rescheduled, .rescheduled])
        }
    }

    @Test func aSlotTakenMeanwhileShowsThePageAgainAndChangesNothing() async throws {
        try await ServiceWorld.run(Self.settings) { world in
            let id = try await world.create("Coaching", inHours: 30)
            try await world.pass()
            let (url, opened) = try await Self.page("Reschedule: ", in: world)
            let page = try await SlotPage.load(url: url, body: opened.body)
            let wanted = try Date(page.starts[2], strategy: .iso8601)
            // The host books someone else into that time before the attendee picks it.
            try await world.google.createEvent(in: ServiceWorld.calendar, summary: "Other", start: wanted,
                                               end: wanted.addingTimeInterval(1_800), location: nil)
            let taken = try await Self.post(page, start: page.starts[2], origin: world.baseURL.absoluteString)
            #expect(taken.status == 409)
            #expect(taken.body.contains("that time has just been taken"))
            #expect(!taken.body.contains("value=\"\(page.starts[2])\""), "the taken time is not offered again")
            try await world.pass()
            #expect(try await world.outbox().map(\.kind) == [.scheduled])
            #expect(await world.event(id)?.sequence == 0, "the event did not move")
        }
    }

    @Test func crossSitePostsAndTamperedTokensChangeNothing() async throws {
        try await ServiceWorld.run(Self.settings) { world in
            let id = try await world.create("Coaching", inHours: 30)
            try await world.pass()
            let (url, opened) = try await Self.page("Reschedule: ", in: world)
            let page = try await SlotPage.load(url: url, body: opened.body)
            let crossSite = try await Self.post(page, start: page.starts[0], origin: "https://evil.example")
            #expect(crossSite.status == 403)
            let forged = try await Browser.post(url, form: [("confirm", "AAAA"), ("start", page.starts[0])],
                                                headers: [("Origin", world.baseURL.absoluteString)])
            #expect(forged.status == 403)
            var tampered = url
            let last = tampered.removeLast()
            tampered.append(last == "A" ? "B" : "A")
            let tamperedPage = try await Browser.get(tampered)
            #expect(tamperedPage.status == 400)
            #expect(tamperedPage.body.contains("This link is not valid"))
            #expect(await world.event(id)?.sequence == 0)
        }
    }

    @Test func bookAgainOnceAfterACancellation() async throws {
        try await ServiceWorld.run(Self.settings) { world in
            let id = try await world.create("Coaching", inHours: 30)
            try await world.pass()
            try await world.google.deleteEvent(id, in: ServiceWorld.calendar)
            try await world.pass()
            let cancelled = try #require(await world.twilio.messages().last?.body)
            #expect(cancelled.contains("has been cancelled.\nBook a new time: \(world.baseURL.absoluteString)/r/"), "\(cancelled)")

            let (url, opened) = try await Self.page("Book a new time: ", in: world)
            #expect(url.hasPrefix(world.baseURL.absoluteString + "/book/"))
            #expect(opened.body.contains("Book a new time") && opened.body.contains("Coaching"))
            let page = try await SlotPage.load(url: url, body: opened.body)
            let booked = try await Self.post(page, start: page.starts[1], origin: world.baseURL.absoluteString)
            #expect(booked.body.contains("You are booked"), "\(booked.body)")
            try await world.pass()
            let events = await world.google.events(in: ServiceWorld.calendar).filter { !$0.isDeleted }
            #expect(events.count == 1)
            let made = try #require(events.first)
            #expect(made.summary == "Coaching" && made.location == "098765 43210")
            #expect(made.description?.contains("Booked again by") == true)
            #expect(await world.twilio.messages().last?.body.hasPrefix("Your session \"Coaching\" is scheduled for ") == true)

            let twice = try await Self.post(page, start: page.starts[4], origin: world.baseURL.absoluteString)
            #expect(twice.body.contains("This link was used already"))
            try await world.pass()
            #expect(await world.google.events(in: ServiceWorld.calendar).filter { !$0.isDeleted }.count == 1, "one booking per link")
            #expect(try await world.outbox().filter { $0.kind == .scheduled }.count == 2)
        }
    }

    @Test func aSessionCancelledByItsTitleIsBookedAgainUnderItsOwnTitle() async throws {
        try await ServiceWorld.run(Self.settings) { world in
            let id = try await world.create("Coaching", inHours: 30)
            try await world.pass()
            try await world.google.renameEvent(id, in: ServiceWorld.calendar, to: "Cancelled: Coaching")
            try await world.pass()
            #expect(await world.twilio.messages().last?.body.hasPrefix("Your session \"Coaching\" on ") == true)
            let (url, opened) = try await Self.page("Book a new time: ", in: world)
            #expect(opened.body.contains("Coaching") && !opened.body.contains("Cancelled"), "\(opened.body)")
            let page = try await SlotPage.load(url: url, body: opened.body)
            let booked = try await Self.post(page, start: page.starts[1], origin: world.baseURL.absoluteString)
            #expect(booked.body.contains("You are booked") && !booked.body.contains("Cancelled"), "\(booked.body)")
            let made = await world.google.events(in: ServiceWorld.calendar).filter { !$0.isDeleted && $0.id != id }
            #expect(made.map(\.summary) == ["Coaching"])
        }
        // A title of nothing but cancel words books an untitled session, which is announced.
        try await ServiceWorld.run(Self.settings) { world in
            let id = try await world.create("Pilates", inHours: 30)
            try await world.pass()
            try await world.google.renameEvent(id, in: ServiceWorld.calendar, to: "Cancelled: Cancelled")
            try await world.pass()
            let (url, opened) = try await Self.page("Book a new time: ", in: world)
            let page = try await SlotPage.load(url: url, body: opened.body)
            _ = try await Self.post(page, start: page.starts[1], origin: world.baseURL.absoluteString)
            try await world.pass()
            let made = await world.google.events(in: ServiceWorld.calendar).filter { !$0.isDeleted && $0.id != id }
            #expect(made.map(\.summary) == [""])
            #expect(await world.twilio.messages().last?.body.hasPrefix("Your session is scheduled for ") == true)
        }
        // Every cancel word goes (found in review).
        #expect(CancelledTitle.withoutCancelWord("Cancelled: Cancelled: Pilates") == "Pilates")
        #expect(CancelledTitle.withoutCancelWord("CANCELED - cancel: Yoga (moved)") == "Yoga (moved)")
        #expect(CancelledTitle.withoutCancelWord("Cancelled") == "Cancelled")
    }

    @Test func theCancelPageOffersToBookANewTime() async throws {
        try await ServiceWorld.run(Self.settings) { world in
            _ = try await world.create("Coaching", inHours: 30)
            try await world.pass()
            let (url, form) = try await Self.page("Cancel: ", in: world)
            // The attendee pages link the attendee's calendar feed.
            let feed = try #require(form.body.firstMatch(of: #/href="(http[^"]+/calendar/[0-9A-Za-z]+\.ics)"/#).map { String($0.1) })
            #expect(form.body.contains("href=\"webcal://"), "a subscription, not a one-off download")
            let ics = try await Browser.get(feed)
            #expect(ics.status == 200 && ics.body.contains("SUMMARY:Coaching"))
            let confirm = try #require(form.input("confirm"))
            let done = try await Browser.post(url, form: [("confirm", confirm)], headers: [("Origin", world.baseURL.absoluteString)])
            #expect(done.body.contains("Your session is cancelled"))
            let button = try #require(done.body.firstMatch(of: #/<a class="button" href="([^"]+)">Book a new time</a>/#).map { String($0.1) })
            try await world.pass()
            let page = try await Browser.get(button)
            #expect(page.status == 200 && page.body.contains("Book a new time") && page.body.contains("Coaching"))
        }
    }

    @Test func aTimeIsConfirmedBeforeAnythingMovesAndZonesAreNamedByCity() async throws {
        try await ServiceWorld.run(Self.settings) { world in
            let id = try await world.create("Coaching", inHours: 30)
            try await world.pass()
            let (url, opened) = try await Self.page("Reschedule: ", in: world)
            #expect(opened.body.contains("Your session: ") && opened.body.contains("1 hour"))
            #expect(opened.body.contains("Times are in Kolkata time") && !opened.body.contains("Etc/"))
            let page = try await SlotPage.load(url: url, body: opened.body)
            let pick = page.starts[4]
            let step = try await Browser.get(url + "?start=" + pick)
            #expect(step.body.contains("Move your session to ") && step.body.contains("Yes, move it"))
            #expect(await world.event(id)?.sequence == 0, "a GET of the confirm step moves nothing")
            let berlin = try await Browser.get(url + "?tz=Europe/Berlin")
            #expect(berlin.body.contains("Times are in Berlin time") && berlin.body.contains("Show them in Kolkata time"))
            let mine = try #require(await world.event(id))
            guard case .timed(let start, _) = mine.start else { Issue.record("not timed"); return }
            let current = try await Browser.get(url + "?start=" + RFC3339UTCForTests.string(start))
            #expect(current.body.contains("That is your session&#39;s current time") || current.body.contains("That is your session's current time"))
            let done = try await Self.post(page, start: pick, origin: world.baseURL.absoluteString)
            #expect(done.body.contains("Your session has moved") && done.body.contains("calendar.google.com/calendar/render?action=TEMPLATE"))
            let ics = try #require(done.body.firstMatch(of: #/href="([^"]+/session\.ics[^"]*)"/#).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") })
            let file = try await Browser.get(ics)
            #expect(file.status == 200 && file.headers.first(name: "Content-Type") == "text/calendar; charset=utf-8")
            #expect(file.body.contains("SUMMARY:Coaching") && file.body.contains("DTSTART:"))
        }
    }
}

/// The booking pages against what a careless or hostile request sends (an adversarial review's finds).
@Suite(.serialized)
struct BookingPageInputTests {
    @Test func zonesFoundationCannotFormatFallBackAndAReplayedConfirmationChangesNothing() async throws {
        try await ServiceWorld.run(BookingPagesTests.settings) { world in
            try await world.create("Coaching", inHours: 30)
            try await world.pass()
            let (url, opened) = try await BookingPagesTests.page("Reschedule: ", in: world)
            for zone in ["ACT", "SystemV/AST4", "US/Pacific-New", "../../etc", String(repeating: "A", count: 5_000)] {
                let page = try await Browser.get(url + "?tz=" + (zone.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? zone))
                #expect(page.status == 200 && page.body.contains("Times are in Kolkata time"), "\(zone.prefix(20))")
            }
            let page = try await BookingPagesTests.SlotPage.load(url: url, body: opened.body)
            let first = try await BookingPagesTests.post(page, start: page.starts[2], origin: world.baseURL.absoluteString)
            #expect(first.body.contains("Your session has moved"))
            let replay = try await BookingPagesTests.post(page, start: page.starts[2], origin: world.baseURL.absoluteString)
            #expect(replay.body.contains("Nothing changed") && !replay.body.contains("on its way"), "\(replay.body)")
            // The one-session file is read from Google: a start in the address is not believed.
            let ics = url + "/session.ics?start=2030-01-01T00:00:00Z"
            let file = try await Browser.get(ics)
            #expect(file.status == 200 && !file.body.contains("DTSTART:20300101"))
            #expect(file.body.contains("DTSTART:" + page.starts[2].replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")))
        }
    }

    @Test func pageViewsShareOneFreeBusyAnswerAndAPostAsksAgain() async throws {
        try await ServiceWorld.run(BookingPagesTests.settings) { world in
            let id = try await world.create("Coaching", inHours: 30)
            try await world.pass()
            let (url, _) = try await BookingPagesTests.page("Reschedule: ", in: world)
            let before = await world.google.requestCounts.api
            for _ in 0..<5 { #expect(try await Browser.get(url).status == 200) }
            #expect(await world.google.requestCounts.api == before, "five views, no new free/busy call (the first view asked)")
            // The host fills a time meanwhile: a post asks Google again and does not give it away.
            let page = try await BookingPagesTests.SlotPage.load(url: url, body: try await Browser.get(url).body)
            let wanted = try Date(page.starts[3], strategy: .iso8601)
            try await world.google.createEvent(in: ServiceWorld.calendar, summary: "Other", start: wanted,
                                               end: wanted.addingTimeInterval(1_800), location: nil)
            let taken = try await BookingPagesTests.post(page, start: page.starts[3], origin: world.baseURL.absoluteString)
            #expect(taken.status == 409)
            #expect(await world.event(id)?.sequence == 0)
        }
    }

    @Test func aGroupSessionInTheFeedOffersNoRescheduleAndItsPlaceShowsNoNumber() async throws {
        try await ServiceWorld.run(BookingPagesTests.settings) { world in
            try await world.create("Group", inHours: 30, location: "Studio 3, 12 High St; \(ServiceWorld.attendee); +919812345678; Backup: Jane+447400123456")
            try await world.pass()
            let url = world.baseURL.appendingPathComponent("webhooks/twilio/inbound")
            let answer = try await world.twilio.postInbound(from: ServiceWorld.attendee, body: "list", to: url)
            let feedURL = try #require(answer.body.firstMatch(of: #/Add them to your calendar: (\S+\.ics)/#).map { String($0.1) })
            let text = try await Browser.get(feedURL).body.replacingOccurrences(of: "\r\n ", with: "")
            #expect(text.contains("LOCATION:Studio 3\\, 12 High St\r\n"), "\(text)")
            #expect(!text.contains("447400123456") && !text.contains("9812345678"))
            #expect(text.contains("Cancel: ") && !text.contains("Reschedule: "), "a group is offered no reschedule")
        }
    }
}

enum RFC3339UTCForTests {
    static func string(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)) }
}
