import Foundation
import Testing
@testable import Notifier

/// The rules of DESIGN.md §6, one row per situation.
struct ChangeDetectorTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let tomorrow = now.addingTimeInterval(86_400)
    static let dayAfter = now.addingTimeInterval(2 * 86_400)
    static let anHourAgo = now.addingTimeInterval(-3_600)
    static let alice = PhoneNumber(e164: "+919876543210")!
    static let bob = PhoneNumber(e164: "+14155552671")!

    static func appointment(
        _ summary: String = "Coaching", start: Date? = tomorrow, phones: [PhoneNumber] = [alice],
        cancelled: Bool = false, muted: Bool = false, atOnce: Bool = false
    ) -> Appointment {
        Appointment(summary: summary, start: start, timeZone: "Asia/Kolkata", numbers: LocationNumbers(phones: phones, unusable: []),
                    isCancelled: cancelled, isMuted: muted, announceAtOnce: atOnce)
    }

    static let toldTomorrow = ToldState(start: tomorrow, cancelled: false)

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let told: ToldState
        let phone: PhoneNumber
        let appointment: Appointment
        let horizon: Duration?
        let expected: Decision.Kind?
        var testDescription: String { name }
        init(_ name: String, _ told: ToldState, to phone: PhoneNumber = alice, _ appointment: Appointment, horizon: Duration? = nil,
             _ expected: Decision.Kind?) {
            self.name = name
            self.told = told
            self.phone = phone
            self.appointment = appointment
            self.horizon = horizon
            self.expected = expected
        }
    }

    static let cases: [Case] = [
        Case("first sight", .nothing, appointment(), .scheduled),
        Case("first sight, all-day", .nothing, appointment(start: nil), nil),
        Case("first sight, already started", .nothing, appointment(start: anHourAgo), nil),
        Case("first sight, already cancelled", .nothing, appointment(cancelled: true), nil),
        Case("first sight, muted", .nothing, appointment(muted: true), nil),
        Case("unchanged", toldTomorrow, appointment(), nil),
        Case("title or description only", toldTomorrow, appointment("Coaching (room 2)"), nil),
        Case("moved", toldTomorrow, appointment(start: dayAfter), .rescheduled),
        Case("moved into the past", toldTomorrow, appointment(start: anHourAgo), nil),
        Case("deleted", toldTomorrow, appointment(cancelled: true), .cancelled),
        Case("deleted after it started", ToldState(start: anHourAgo, cancelled: false),
             appointment(start: anHourAgo, cancelled: true), nil),
        Case("deleted twice", ToldState(start: tomorrow, cancelled: true), appointment(cancelled: true), nil),
        Case("revived after a cancellation", ToldState(start: tomorrow, cancelled: true), appointment(), .scheduled),
        Case("phone changed: the new number", .nothing, to: bob, appointment(phones: [bob]), .scheduled),
        Case("phone changed: the number told before", toldTomorrow, appointment(phones: [bob]), .cancelled),
        Case("phone removed", toldTomorrow, appointment(phones: []), .cancelled),
        Case("a second attendee added", .nothing, to: bob, appointment(phones: [alice, bob]), .scheduled),
        Case("the first attendee when a second is added", toldTomorrow, appointment(phones: [alice, bob]), nil),
        Case("a number never told and not in the location", .nothing, appointment(phones: [bob]), nil),
        Case("muted later", toldTomorrow, appointment(start: dayAfter, muted: true), nil),
        Case("beyond the horizon", .nothing, appointment(start: dayAfter), horizon: .seconds(86_400), nil),
        Case("within the horizon", .nothing, appointment(start: tomorrow), horizon: .seconds(86_400), .scheduled),
        Case("beyond the horizon but #notify or Calendly", .nothing, appointment(start: dayAfter, atOnce: true), horizon: .seconds(3_600), .scheduled),
        Case("moved beyond the horizon after being told", toldTomorrow, appointment(start: dayAfter), horizon: .seconds(3_600), .rescheduled),
    ]

    @Test(arguments: cases)
    func decides(_ testCase: Case) {
        let decision = ChangeDetector(notifyHorizon: testCase.horizon)
            .decide(told: testCase.told, phone: testCase.phone, appointment: testCase.appointment, now: Self.now)
        #expect(decision?.kind == testCase.expected)
        #expect(decision.map { $0.phone == testCase.phone } ?? true)
    }

    @Test func aRescheduleCarriesBothTimes() throws {
        let decision = try #require(ChangeDetector(notifyHorizon: nil)
            .decide(told: Self.toldTomorrow, phone: Self.alice, appointment: Self.appointment(start: Self.dayAfter), now: Self.now))
        #expect(decision.start == Self.dayAfter && decision.previousStart == Self.tomorrow)
    }

    @Test func aCancellationNamesTheTimeTheAttendeeWasTold() throws {
        let decision = try #require(ChangeDetector(notifyHorizon: nil).decide(
            told: Self.toldTomorrow, phone: Self.alice, appointment: Self.appointment(start: Self.dayAfter, cancelled: true), now: Self.now))
        #expect(decision.kind == .cancelled && decision.start == Self.tomorrow)
    }
}

struct EventDescriptionTests {
    @Test func separatesTheHostsTextFromTheServicesLines() {
        let description = EventDescription("""
            Failed to send WhatsApp message: Invalid 'To' phone number
            Bring notes.
            #notify

            Attendee on WhatsApp: https://wa.me/919876543210
            Cancel: https://book.example.com/r/abcdefghij
            Reschedule: https://book.example.com/r/klmnopqrst
            """)
        #expect(description.problems == ["Failed to send WhatsApp message: Invalid 'To' phone number"])
        #expect(description.hostText == "Bring notes.\n#notify")
        #expect(description.hasLine("#notify") && !description.hasLine("#mute"))
    }

    @Test func onlyTheServicesOwnLinesGoWhereverTheyAre() {
        let description = EventDescription("""
            Not sent the worksheet yet
            Failed to send WhatsApp message: Unreachable (Twilio error 30003)
            Confirmed by the attendee on WhatsApp: Tue 24 Nov, 3:00 PM (IST)

            Attendee on WhatsApp: https://wa.me/919876543210
            """)
        #expect(description.hostText == "Not sent the worksheet yet", "a host line that only begins like ours stays")
        #expect(description.problems.count == 2)
    }

    @Test func theServicesCalendlyLinkDoesNotMakeAnEventCalendlyBooked() {
        let stored = """
            Attendee on WhatsApp: https://wa.me/919876543210
            Reschedule: https://calendly.com/host/session
            """
        let appointment = Appointment(
            event: eventRow(description: stored, location: "+91 98765 43210"), defaultCallingCode: nil)
        #expect(!appointment.announceAtOnce)
        #expect(appointment.numbers.phones.map(\.e164) == ["+919876543210"])
    }

    @Test(arguments: ["Cancelled: Coaching", "CANCELED Coaching", "cancel - Coaching", "Cancelled – Coaching", "  cancelled! Coaching"])
    func cancelledTitlesCount(_ title: String) {
        let appointment = Appointment(event: eventRow(summary: title), defaultCallingCode: nil)
        #expect(appointment.isCancelled)
        #expect(appointment.summaryWithoutCancelPrefix == "Coaching")
    }

    @Test(arguments: ["Cancellation policy review", "Canceling anxiety: a workshop", "Cancelledness", "Why we cancel things"])
    func titlesThatOnlyLookLikeACancellationDoNot(_ title: String) {
        #expect(!Appointment(event: eventRow(summary: title), defaultCallingCode: nil).isCancelled)
    }

    @Test func severalNumbersMakeSeveralAttendeesAndUnusableOnesAreKept() {
        let numbers = LocationNumbers("+91 98765 43210, +44 7400 123456; 98123 45678 / +1 415 555 2671\nRoom 4",
                                      defaultCallingCode: nil)
        #expect(numbers.phones.map(\.e164) == ["+919876543210", "+447400123456", "+14155552671"])
        #expect(numbers.unusable == ["98123 45678"])
        let withSlash = LocationNumbers("+91 98765 43210/+44 7400 123456", defaultCallingCode: nil)
        #expect(withSlash.phones.count == 2)
        let link = LocationNumbers("https://wa.me/919876543210", defaultCallingCode: nil)
        #expect(link.phones.map(\.e164) == ["+919876543210"] && link.unusable.isEmpty)
        #expect(LocationNumbers.removing(PhoneNumber(e164: "+447400123456")!, from: "+91 98765 43210, +44 7400 123456; Room 4",
                                         defaultCallingCode: nil) == "+91 98765 43210, Room 4")
    }

    func eventRow(summary: String = "Coaching", description: String? = nil, location: String? = "+919876543210") -> StoredEvent {
        var row = StoredEvent(calendarID: "c", eventID: "e")
        row.summary = summary
        row.description = description
        row.location = location
        row.startAt = Date(timeIntervalSince1970: 1_900_000_000)
        return row
    }
}
