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

    // Monthly rules with BYDAY, BYMONTHDAY and BYSETPOS: RFC 5545 §3.8.5.3's examples.

    @Test func monthlyOnTheFirstFriday() {
        #expect(Self.starts("FREQ=MONTHLY;COUNT=10;BYDAY=1FR", from: "19970905T090000").map { String($0.prefix(8)) }
                == ["19970905", "19971003", "19971107", "19971205", "19980102", "19980206", "19980306", "19980403", "19980501", "19980605"])
    }

    @Test func everyOtherMonthOnTheFirstAndLastSunday() {
        #expect(Self.starts("FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU", from: "19970907T090000").map { String($0.prefix(8)) }
                == ["19970907", "19970928", "19971102", "19971130", "19980104", "19980125", "19980301", "19980329", "19980503", "19980531"])
    }

    @Test func monthlyOnTheSecondToLastMonday() {
        #expect(Self.starts("FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", from: "19970922T090000").map { String($0.prefix(8)) }
                == ["19970922", "19971020", "19971117", "19971222", "19980119", "19980216"])
    }

    @Test func monthlyOnTheThirdToLastDay() {
        let window = DateInterval(start: .distantPast, end: ISO8601DateFormatter().date(from: "1998-03-01T00:00:00Z")!)
        #expect(Self.starts("FREQ=MONTHLY;BYMONTHDAY=-3", from: "19970928T090000", window: window).map { String($0.prefix(8)) }
                == ["19970928", "19971029", "19971128", "19971229", "19980129", "19980226"])
    }

    @Test func monthlyOnTheSecondAndFifteenth() {
        #expect(Self.starts("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15", from: "19970902T090000").map { String($0.prefix(8)) }
                == ["19970902", "19970915", "19971002", "19971015", "19971102", "19971115", "19971202", "19971215", "19980102", "19980115"])
    }

    @Test func theThirdTuesdayWednesdayOrThursdayOfTheMonth() {
        #expect(Self.starts("FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", from: "19970904T090000").map { String($0.prefix(8)) }
                == ["19970904", "19971007", "19971106"])
    }

    @Test func theSecondToLastWeekdayOfTheMonth() {
        let window = DateInterval(start: .distantPast, end: ISO8601DateFormatter().date(from: "1998-04-01T00:00:00Z")!)
        #expect(Self.starts("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", from: "19970929T090000", window: window).map { String($0.prefix(8)) }
                == ["19970929", "19971030", "19971127", "19971230", "19980129", "19980226", "19980330"])
    }

    @Test func everyFridayTheThirteenth() {
        let window = DateInterval(start: .distantPast, end: ISO8601DateFormatter().date(from: "2000-12-31T00:00:00Z")!)
        #expect(Self.starts("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", from: "19970902T090000", window: window).map { String($0.prefix(8)) }
                == ["19980213", "19980313", "19981113", "19990813", "20001013"])
    }

    @Test func aMonthlySessionKeepsItsWallClockTimeAcrossDaylightSaving() {
        // The second Tuesday at 18:00 in New York, before and after the clocks change in March.
        #expect(Self.starts("FREQ=MONTHLY;COUNT=3;BYDAY=2TU", from: "20270209T180000")
                == ["20270209T180000", "20270309T180000", "20270413T180000"])
    }

    /// Found by review: rules a server accepts crashed the service with an arithmetic overflow.
    @Test func hugeNumbersInARuleNeitherCrashNorExpand() {
        let rules = ["FREQ=YEARLY;INTERVAL=5000000000000000000", "FREQ=MONTHLY;BYMONTHDAY=-9223372036854775808",
                     "FREQ=MONTHLY;INTERVAL=3000000000000000;BYDAY=1MO", "FREQ=DAILY;INTERVAL=9223372036854775807",
                     "FREQ=WEEKLY;INTERVAL=9223372036854775807;BYDAY=MO", "FREQ=MONTHLY;BYDAY=-9223372036854775808MO",
                     "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-9223372036854775808", "FREQ=DAILY;COUNT=9223372036854775807"]
        for rule in rules {
            let master = ICalendarComponent.parse(["BEGIN:VEVENT", "DTSTART:20261220T100000Z", "RRULE:\(rule)", "END:VEVENT"].joined(separator: "\r\n"))!
            let recurrence = Recurrence(master: master, zone: .gmt)
            #expect(!recurrence.isSupported, "\(rule)")
            // Expanded anyway (as a lookup of one instance would), it must still not crash.
            _ = recurrence.starts(in: DateInterval(start: Date(), duration: 400 * 86_400))
            _ = recurrence.monthDays(1, calendar: Calendar(identifier: .gregorian))
        }
    }

    @Test func aMonthlySeriesBegunYearsAgoKeepsItsNextSessions() {
        let window = DateInterval(start: ISO8601DateFormatter().date(from: "2026-12-06T00:00:00Z")!, duration: 70 * 86_400)
        #expect(Self.starts("FREQ=MONTHLY;BYDAY=2TU", from: "20211214T100000", window: window).map { String($0.prefix(8)) }
                == ["20261208", "20270112", "20270209"])
        #expect(Self.starts("FREQ=MONTHLY", from: "20211208T100000", window: window).map { String($0.prefix(8)) }
                == ["20261208", "20270108", "20270208"])
        #expect(Self.starts("FREQ=YEARLY", from: "19991210T100000", window: window).map { String($0.prefix(8)) } == ["20261210"])
    }

    @Test func outlooksSundayWeekStartIsExpanded() {
        // WKST=SU changes which weeks an every-other-week rule picks (RFC 5545's own example).
        #expect(Self.starts("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", from: "19970805T090000").map { String($0.prefix(8)) }
                == ["19970805", "19970810", "19970819", "19970824"])
        #expect(Self.starts("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", from: "19970805T090000").map { String($0.prefix(8)) }
                == ["19970805", "19970817", "19970819", "19970831"])
    }

    @Test func partsNotExpandedAreSaidUnsupported() {
        for rule in ["FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "FREQ=WEEKLY;BYSETPOS=1;BYDAY=MO", "FREQ=MONTHLY;BYDAY=XX", "FREQ=MONTHLY;BYMONTHDAY=0",
                     "FREQ=HOURLY;COUNT=3", "FREQ=MINUTELY", "FREQ=WEEKLY;WKST=XX"] {
            let master = ICalendarComponent.parse(["BEGIN:VEVENT", "DTSTART:20270105T100000Z", "RRULE:\(rule)", "END:VEVENT"].joined(separator: "\r\n"))!
            #expect(!Recurrence(master: master, zone: .gmt).isSupported, "\(rule)")
        }
    }

    @Test func aDailySeriesBegunLongAgoStillHasTodaysInstances() {
        let window = DateInterval(start: Date(), duration: 3 * 86_400)
        #expect(Self.starts("FREQ=DAILY", from: "20100101T100000", window: window).count == 3)
    }

    @Test func aRuleBeyondWhatIsExpandedGivesNoDates() {
        let text = ["BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:x", "DTSTART:20261208T100000Z", "RRULE:FREQ=YEARLY;BYWEEKNO=20",
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
