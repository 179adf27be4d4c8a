import Foundation
import Testing
@testable import CalDAV

/// RRULE expansion and the status categories, on the examples of RFC 5545 §3.8.5.3 and on what a
/// review found wrong.
struct RecurrenceTests {
    static let newYork = TimeZone(identifier: "America/New_York")!

    static func starts(_ rule: String, from dtstart: String, zone: String = "America/New_York", extra: [String] = [],
                       window: DateInterval = DateInterval(start: .distantPast, end: .distantFuture)) -> [String] {
        let text = (["BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:x", "DTSTART;TZID=\(zone):\(dtstart)", "RRULE:\(rule)"] + extra
            + ["END:VEVENT", "END:VCALENDAR"]).joined(separator: "\r\n")
        let master = ICalendarComponent.parse(text)!.components[0]
        let zone = TimeZone(identifier: zone)!
        return Recurrence(master: master, zone: zone).starts(in: window).map { ICalendarTime.localText($0, in: zone) }
    }

    @Test func dailyForTenOccurrences() {
        let starts = Self.starts("FREQ=DAILY;COUNT=10", from: "19970902T090000")
        #expect(starts.count == 10 && starts.first == "19970902T090000" && starts.last == "19970911T090000")
    }

    @Test func weeklyOnTuesdayAndThursdayForFiveWeeks() {
        #expect(Self.starts("FREQ=WEEKLY;COUNT=10;BYDAY=TU,TH", from: "19970902T090000") == ["19970902T090000", "19970904T090000", "19970909T090000", "19970911T090000", "19970916T090000",
                           "19970918T090000", "19970923T090000", "19970925T090000", "19970930T090000", "19971002T090000"])
    }

    @Test func everyOtherWeekOnMondayAndWednesdayStartingOnAWednesday() {
        // Found by review: the Monday came 5 days after DTSTART instead of in the week two weeks on.
        #expect(Self.starts("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=4", from: "20261209T100000")
                == ["20261209T100000", "20261221T100000", "20261223T100000", "20270104T100000"])
    }

    @Test func monthlyOnThe31stSkipsShortMonths() {
        #expect(Self.starts("FREQ=MONTHLY;COUNT=4", from: "20261231T100000")
                == ["20261231T100000", "20270131T100000", "20270331T100000", "20270531T100000"])
    }

    @Test func aDailySeriesBegunLongAgoStillHasTodaysInstances() {
        let window = DateInterval(start: Date(), duration: 3 * 86_400)
        #expect(Self.starts("FREQ=DAILY", from: "20100101T100000", window: window).count == 3)
    }

    @Test func aRuleBeyondWhatIsExpandedGivesNoDates() {
        let text = ["BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:x", "DTSTART:20261208T100000Z", "RRULE:FREQ=MONTHLY;BYDAY=2TU",
                    "LOCATION:+4915123456789", "END:VEVENT", "END:VCALENDAR"].joined(separator: "\r\n")
        let object = CalendarObject(name: "x.ics", etag: nil, text: text, statuses: StatusCategories(success: "10", failure: "11", confirmed: "9"))!
        #expect(object.instances(in: DateInterval(start: .distantPast, end: .distantFuture), zone: .gmt).isEmpty)
    }

    @Test func theHostsOwnCategoriesStayAsWritten() {
        let statuses = StatusCategories(success: "10", failure: "11", confirmed: "9")
        var event = ICalendarComponent.parse(["BEGIN:VEVENT", "CATEGORIES;LANGUAGE=en:Smith\\, John,Work", "COLOR:teal", "END:VEVENT"]
            .joined(separator: "\r\n"))!
        statuses.show("10", on: &event)
        #expect(event.text.contains("CATEGORIES;LANGUAGE=en:Smith\\, John,Work"))
        #expect(event.text.contains("CATEGORIES:WhatsApp delivered") && event.text.contains("COLOR:green"))
        statuses.show("11", on: &event)
        #expect(event.text.contains("CATEGORIES;LANGUAGE=en:Smith\\, John,Work") && !event.text.contains("WhatsApp delivered"))
        #expect(event.text.contains("CATEGORIES:WhatsApp failed") && event.text.contains("COLOR:red"))
    }
}
