import ClientSupport
import AsyncHTTPClient
import Emulators
import Foundation
import GoogleCalendar
import Logging
import TestSupport
import Testing
@testable import Notifier

/// The sync engine against the Google emulator over real HTTP, with a real SQLite file (or a real
/// PostgreSQL database on the PostgreSQL pass).
@Suite(.serialized)
struct CalendarSyncTests {
    static let calendar = "host@example.com"

    /// One emulator, one database and one engine for a test; torn down by `run`.
    struct World {
        let google: GoogleEmulator
        let database: any ServiceStore
        let sync: CalendarSync
        let directory: TemporaryDirectory

        /// One sync; what it decided is then handed to Twilio as the sender would (through the
        /// store's own steps), so that the next sync measures changes against it.
        func syncNow() async throws -> [OutboxMessage] {
            let notices = try await sync.sync(calendarID: CalendarSyncTests.calendar).notices
            for message in try await database.dueMessages(at: .distantFuture, limit: 1_000) {
                guard case .sending(let sending) = try await database.beginAttempt(message, links: [], at: Date()), let id = sending.id else { continue }
                try await database.recordAccepted(id, sid: "SM\(id)")
            }
            return notices
        }

        @discardableResult
        func create(_ summary: String = "Coaching", inHours hours: Double = 48, location: String? = "+91 98765 43210") async throws -> String {
            let start = Date().addingTimeInterval(hours * 3_600)
            return try await google.createEvent(
                in: CalendarSyncTests.calendar, summary: summary, start: start, end: start.addingTimeInterval(3_600),
                location: location)
        }
    }

    static func run(horizon: Duration? = nil, pageSize: Int = 3, _ body: (World) async throws -> Void) async throws {
        let google = try await GoogleEmulator.start(pageSize: pageSize)
        await google.addCalendar(calendar, timeZone: "Asia/Kolkata")
        let key = try ServiceAccountKey(json: try await google.makeServiceAccount().json)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let directory = try TemporaryDirectory()
        do {
            try await StoreUnderTest.with(in: directory, named: "sync.sqlite") { opened in
                let database = opened.store
                let client = GoogleCalendarClient(
                    key: key, baseURL: google.baseURL, httpClient: http,
                    retry: CallRetryPolicy(attempts: 5, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20)),
                    logger: Logger(label: "test"))
                let sync = CalendarSync(source: GoogleCalendarSource(client: client, serviceAccount: nil), store: database, notifyHorizon: horizon, defaultCallingCode: CallingCode(setting: "IN"))
                try await body(World(google: google, database: database, sync: sync, directory: directory))
            }
        } catch {
            try await http.shutdown()
            await google.stop()
            throw error
        }
        try await http.shutdown()
        await google.stop()
    }

    /// Found by the burst benchmark: the sync read the stored events with one query holding a term
    /// per event, which SQLite refused beyond 1,000 events, so a large calendar never synced.
    @Test func aCalendarOfTwelveHundredSessionsSyncsTwice() async throws {
        try await Self.run(pageSize: 250) { world in
            for index in 0..<1_200 { try await world.create("Session \(index)", inHours: 24 + Double(index) / 10) }
            #expect(try await world.syncNow().count == 1_200)
            try await world.google.invalidateSyncTokens(of: Self.calendar)
            #expect(try await world.syncNow().isEmpty, "a second full sync finds nothing new")
        }
    }

    @Test func firstFullSyncWithPaginationSchedulesEachNotifiableEvent() async throws {
        try await Self.run { world in
            for index in 0..<7 { try await world.create("Session \(index)", inHours: Double(24 + index)) }
            try await world.create("No phone", location: "Zoom")
            try await world.google.createAllDayEvent(in: Self.calendar, summary: "Holiday",
                day: Date().addingTimeInterval(3 * 86_400).formatted(.iso8601.year().month().day()), location: "+919876543210")
            try await world.create("Past", inHours: -2)
            let notices = try await world.syncNow()
            #expect(notices.count == 7)
            #expect(notices.allSatisfy { $0.kind == .scheduled && $0.phone == "+919876543210" && $0.timeZone == "Asia/Kolkata" })
            #expect(try await world.syncNow().isEmpty, "an incremental sync with no change sends nothing")
        }
    }

    @Test func movedDeletedRenamedAndNewPhone() async throws {
        try await Self.run { world in
            let moved = try await world.create("Move me")
            let deleted = try await world.create("Delete me")
            let renamed = try await world.create("Rename me")
            let rephoned = try await world.create("New phone")
            #expect(try await world.syncNow().count == 4)

            let newStart = Date().addingTimeInterval(72 * 3_600)
            let before = try #require(await world.database.events(calendarID: Self.calendar, ids: [moved])[moved]?.startAt)
            try await world.google.moveEvent(moved, in: Self.calendar, start: newStart, end: newStart.addingTimeInterval(3_600))
            try await world.google.deleteEvent(deleted, in: Self.calendar)
            try await world.google.renameEvent(renamed, in: Self.calendar, to: "Cancelled: Rename me")
            try await world.google.setLocation(of: rephoned, in: Self.calendar, to: "+44 20 7946 0958")

            let decided = try await world.syncNow()
            #expect(decided.count == 5)
            #expect(decided.filter { $0.eventID == rephoned }.map(\.kind) == [.scheduled, .cancelled],
                    "the new number hears of the session, the number told before that it is cancelled")
            let notices = Dictionary(decided.map { ($0.eventID, $0) }) { first, _ in first }
            #expect(notices[moved]?.kind == .rescheduled)
            #expect(notices[moved]?.previousStartAt.map { abs($0.timeIntervalSince(before)) < 1 } == true)
            #expect(notices[deleted]?.kind == .cancelled && notices[deleted]?.summary == "Delete me")
            #expect(notices[renamed]?.kind == .cancelled && notices[renamed]?.summary == "Rename me")
            #expect(notices[rephoned]?.kind == .scheduled && notices[rephoned]?.phone == "+442079460958")
        }
    }

    @Test func theServicesOwnPatchesAndCosmeticEditsSendNothing() async throws {
        try await Self.run { world in
            let id = try await world.create()
            #expect(try await world.syncNow().count == 1)
            try await world.google.setDescription(of: id, in: Self.calendar, to: """
                Attendee on WhatsApp: https://wa.me/919876543210
                Cancel: https://book.example.com/r/abcdefghij
                Reschedule: https://calendly.com/host/session
                """)
            try await world.google.setColor(of: id, in: Self.calendar, to: "10")
            try await world.google.renameEvent(id, in: Self.calendar, to: "Coaching (room 2)")
            #expect(try await world.syncNow().isEmpty)
        }
    }

    @Test func a410MidwayResyncsFullyWithoutRepeatingANotice() async throws {
        try await Self.run { world in
            let kept = try await world.create("Kept")
            #expect(try await world.syncNow().count == 1)
            let added = try await world.create("Added while the token was bad")
            try await world.google.invalidateSyncTokens(of: Self.calendar)
            let notices = try await world.syncNow()
            #expect(notices.map(\.eventID) == [added])
            #expect(try await world.database.syncState(calendarID: Self.calendar)?.syncToken != nil)
            _ = kept
        }
    }

    @Test func injectedRateLimitsAndServerErrorsAreRetriedToTheSameResult() async throws {
        try await Self.run { world in
            try await world.create()
            await world.google.injectFaults([.tooManyRequests429, .serverError500, .rateLimit403])
            #expect(try await world.syncNow().count == 1)
        }
    }

    @Test func theHorizonHoldsHostEventsBackUntilTheyComeClose() async throws {
        try await Self.run(horizon: .seconds(24 * 3_600)) { world in
            let far = try await world.create("Far", inHours: 72)
            let near = try await world.create("Near", inHours: 12)
            let calendly = try await world.create("Booked", inHours: 72)
            try await world.google.setDescription(of: calendly, in: Self.calendar, to: "Event booked via https://calendly.com/host")
            let notices = try await world.syncNow()
            #expect(Set(notices.map(\.eventID)) == [near, calendly])
            #expect(!notices.contains { $0.eventID == far })
        }
    }

    @Test func twoCalendarsAreSyncedSeparately() async throws {
        try await Self.run { world in
            let other = "team@example.com"
            await world.google.addCalendar(other, timeZone: "Europe/London")
            try await world.create()
            let start = Date().addingTimeInterval(86_400)
            try await world.google.createEvent(in: other, summary: "Other", start: start, end: start.addingTimeInterval(3_600),
                                               timeZone: "Europe/London", location: "+44 20 7946 0958")
            #expect(try await world.syncNow().count == 1)
            let notices = try await world.sync.sync(calendarID: other).notices
            #expect(notices.map(\.phone) == ["+442079460958"])
            #expect(notices.first?.timeZone == "Europe/London")
        }
    }

    @Test func aKeyGoogleDoesNotTrustIsAClearErrorAndWritesNothing() async throws {
        try await Self.run { world in
            try await world.create()
            let stranger = try await GoogleEmulator.start()
            var file = try JSONSerialization.jsonObject(with: try await stranger.makeServiceAccount().json) as! [String: String]
            await stranger.stop()
            file["token_uri"] = world.google.tokenURL.absoluteString
            let key = try ServiceAccountKey(json: try JSONSerialization.data(withJSONObject: file))
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let client = GoogleCalendarClient(key: key, baseURL: world.google.baseURL, httpClient: http, retry: .never,
                                              logger: Logger(label: "test"))
            let sync = CalendarSync(source: GoogleCalendarSource(client: client, serviceAccount: nil), store: world.database, notifyHorizon: nil, defaultCallingCode: nil)
            await #expect {
                try await sync.sync(calendarID: Self.calendar)
            } throws: { error in
                "\(error)".hasPrefix("Google refused the service account (400 invalid_grant)")
            }
            try await http.shutdown()
            #expect(try await world.database.syncState(calendarID: Self.calendar) == nil)
        }
    }
}
