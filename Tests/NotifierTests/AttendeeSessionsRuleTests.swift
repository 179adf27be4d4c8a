import Foundation
import Testing
@testable import Notifier

/// The one rule both stores' `sessions(of:…)` apply (the 30-day list, calendar feeds), over
/// lookups a test answers from dictionaries.
struct AttendeeSessionsRuleTests {
    static let phone = "+919876543210"
    static let now = Date(timeIntervalSince1970: 1_900_000_000)

    var events: [EventKey: StoredEvent] = [:]
    var messages: [OutboxMessage] = []

    mutating func event(_ calendarID: String, _ eventID: String, inDays days: Double, series: String? = nil, status: String = "confirmed") {
        var row = StoredEvent(calendarID: calendarID, eventID: eventID)
        row.summary = "\(calendarID)/\(eventID)"
        row.startAt = Self.now.addingTimeInterval(days * 86_400)
        row.seriesID = series
        row.status = status
        events[EventKey(calendarID: calendarID, eventID: eventID)] = row
    }

    mutating func told(_ calendarID: String, _ eventID: String, _ kind: Decision.Kind, _ state: OutboxMessage.State = .delivered,
                       aboutSeries: Bool = false, forGroup: Bool = false) {
        let id = Int64(messages.count + 1)
        messages.append(OutboxMessage(
            id: id, calendarID: calendarID, eventID: eventID, noticeKey: "\(eventID)#\(id)", kind: kind, phone: Self.phone,
            summary: "", startAt: Self.now, previousStartAt: nil, timeZone: nil, sequence: 0, state: state,
            twilioSID: nil, attempts: 1, nextAttemptAt: Self.now, lastAttemptAt: nil, error: nil, createdAt: Self.now,
            body: nil, contentSID: nil, contentVariables: nil, cancelCode: nil, rescheduleCode: nil,
            writebackDue: false, forGroup: forGroup, aboutSeries: aboutSeries))
    }

    func sessions() -> [String] {
        Session.attendeeSessions(told: messages, of: Self.phone, zones: [:], startingBetween: Self.now,
                                 and: Self.now.addingTimeInterval(30 * 86_400)) { events[$0] } instances: { series in
            events.values.filter { $0.calendarID == series.calendarID && $0.seriesID == series.eventID }
        }.map(\.summary)
    }

    @Test mutating func theSameEventIDInTwoCalendarsIsTwoSessions() {
        event("home", "e1", inDays: 2)
        event("work", "e1", inDays: 1)
        told("home", "e1", .scheduled)
        told("work", "e1", .scheduled)
        #expect(sessions() == ["work/e1", "home/e1"])
        // A cancellation in one calendar cancels that one only.
        told("work", "e1", .cancelled)
        #expect(sessions() == ["home/e1"])
    }

    @Test mutating func aMessageThatNeverReachedTheProviderTellsNothing() {
        event("c", "e1", inDays: 1)
        event("c", "e2", inDays: 2)
        told("c", "e1", .scheduled, .failed)
        told("c", "e2", .scheduled, .pending)
        #expect(sessions().isEmpty)
        // Nor does a cancellation that failed: the session is still on for the attendee.
        told("c", "e1", .scheduled)
        told("c", "e1", .cancelled, .failed)
        #expect(sessions() == ["c/e1"])
    }

    @Test mutating func aSeriesAnnouncedOnceListsItsInstancesButOneCancelledSince() {
        for day in 1...4 { event("c", "w_\(day)", inDays: Double(day), series: "w") }
        told("c", "w_1", .scheduled, aboutSeries: true)
        told("c", "w_3", .cancelled)
        #expect(sessions() == ["c/w_1", "c/w_2", "c/w_4"])
        // A failed announcement of the series lists none of it.
        var failed = self
        failed.messages = []
        failed.told("c", "w_1", .scheduled, .failed, aboutSeries: true)
        #expect(failed.sessions().isEmpty)
    }

    @Test mutating func outsideTheWindowOrCancelledInTheCalendarIsLeftOut() {
        event("c", "past", inDays: -1)
        event("c", "late", inDays: 31)
        event("c", "gone", inDays: 3, status: "cancelled")
        event("c", "soon", inDays: 3)
        for id in ["past", "late", "gone", "soon"] { told("c", id, .scheduled) }
        #expect(sessions() == ["c/soon"])
    }

    @Test mutating func aGroupSessionIsOneWhenTheLatestMessageSaysSo() {
        event("c", "g", inDays: 1)
        told("c", "g", .scheduled, forGroup: true)
        let rule = Session.attendeeSessions(told: messages, of: Self.phone, zones: [:], startingBetween: Self.now,
                                            and: Self.now.addingTimeInterval(86_400 * 2)) { events[$0] } instances: { _ in [] }
        #expect(rule.map(\.isGroup) == [true] && rule.map(\.attendees) == [[Self.phone]])
    }
}
