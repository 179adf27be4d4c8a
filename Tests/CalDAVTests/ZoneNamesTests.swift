import Foundation
import Testing
@testable import CalDAV

/// `TZID`s as the apps write them: an attendee must be told 10:00 Berlin time, not 10:00 UTC.
struct ZoneNamesTests {
    static func start(tzid: String, _ dtstart: String, timezones: [String] = []) -> Date? {
        let text = (["BEGIN:VCALENDAR"] + timezones + ["BEGIN:VEVENT", "UID:x", "DTSTART;TZID=\(tzid):\(dtstart)",
                    "END:VEVENT", "END:VCALENDAR"]).joined(separator: "\r\n")
        let object = CalendarObject(name: "x.ics", etag: nil, text: text, statuses: StatusCategories(success: "10", failure: "11", confirmed: "9"))!
        return object.instances(in: DateInterval(start: .distantPast, end: .distantFuture), zone: .gmt).first?.start?.instant
    }

    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func outlooksWindowsNamesAreTheirZones() {
        #expect(Self.start(tzid: "W. Europe Standard Time", "20270115T100000") == Self.utc("2027-01-15T09:00:00Z"))
        #expect(Self.start(tzid: "\"Pacific Standard Time\"", "20270715T100000") == Self.utc("2027-07-15T17:00:00Z"))
        #expect(Self.start(tzid: "E. South America Standard Time", "20270115T100000") == Self.utc("2027-01-15T13:00:00Z"))
    }

    @Test func mozillaPathsEndInTheirZone() {
        #expect(Self.start(tzid: "/mozilla.org/20050126_1/Europe/Berlin", "20270715T100000") == Self.utc("2027-07-15T08:00:00Z"))
        #expect(Self.start(tzid: "/freeassociation.sourceforge.net/Tzfile/America/Sao_Paulo", "20270715T100000")
                == Self.utc("2027-07-15T13:00:00Z"))
    }

    @Test func aNameOnlyItsVTimezoneExplainsIsMatchedByOffsetsAndMonth() {
        // Exchange's "Customized Time Zone": Central European rules, given only by the definition.
        let definition = ["BEGIN:VTIMEZONE", "TZID:Customized Time Zone", "BEGIN:STANDARD", "DTSTART:16010101T030000",
                          "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10", "END:STANDARD",
                          "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
                          "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE"]
        #expect(Self.start(tzid: "Customized Time Zone", "20270115T100000", timezones: definition) == Self.utc("2027-01-15T09:00:00Z"))
        #expect(Self.start(tzid: "Customized Time Zone", "20270715T100000", timezones: definition) == Self.utc("2027-07-15T08:00:00Z"))
        let calendar = ICalendarComponent.parse((["BEGIN:VCALENDAR"] + definition + ["END:VCALENDAR"]).joined(separator: "\r\n"))!
        #expect(ZoneNames.definitions(in: calendar)["Customized Time Zone"]?.identifier.hasPrefix("Europe/") == true)
    }

    @Test func aFixedOffsetWithoutAnyMatchingZoneIsKept() {
        let definition = ["BEGIN:VTIMEZONE", "TZID:Odd Zone", "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0417",
                          "TZOFFSETTO:+0417", "END:STANDARD", "END:VTIMEZONE"]
        #expect(Self.start(tzid: "Odd Zone", "20270115T100000", timezones: definition) == Self.utc("2027-01-15T05:43:00Z"))
    }

    /// Found by review: Exchange names every customised zone alike; one object's definition must
    /// not decide another's.
    @Test func twoObjectsDefiningTheSameNameEachKeepTheirOwn() {
        let india = ["BEGIN:VTIMEZONE", "TZID:Customized Time Zone", "BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETFROM:+0530",
                     "TZOFFSETTO:+0530", "END:STANDARD", "END:VTIMEZONE"]
        let newYork = ["BEGIN:VTIMEZONE", "TZID:Customized Time Zone", "BEGIN:STANDARD", "DTSTART:16010101T020000", "TZOFFSETFROM:-0400",
                       "TZOFFSETTO:-0500", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11", "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:16010101T020000",
                       "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE"]
        #expect(Self.start(tzid: "Customized Time Zone", "20270115T100000", timezones: india) == Self.utc("2027-01-15T04:30:00Z"))
        #expect(Self.start(tzid: "Customized Time Zone", "20270115T100000", timezones: newYork) == Self.utc("2027-01-15T15:00:00Z"))
        #expect(Self.start(tzid: "Customized Time Zone", "20270115T100000", timezones: india) == Self.utc("2027-01-15T04:30:00Z"))
    }

    @Test func outlooksDisplayNamesAreTheirCities() {
        #expect(Self.start(tzid: "\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\"", "20270715T100000")
                == Self.utc("2027-07-15T08:00:00Z"))
        // A value holding `:` is quoted, as RFC 5545 wants and Outlook writes.
        #expect(Self.start(tzid: "\"(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi\"", "20270115T100000") == Self.utc("2027-01-15T04:30:00Z"))
    }

    /// Found by review: a zone nothing explains was read as UTC and the attendee told the wrong hour.
    @Test func aZoneNothingExplainsIsNotGuessed() {
        let text = ["BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:x", "DTSTART;TZID=Mars/Olympus_Mons:20261213T150000",
                    "LOCATION:+4915123456789", "END:VEVENT", "END:VCALENDAR"].joined(separator: "\r\n")
        let object = CalendarObject(name: "x.ics", etag: nil, text: text, statuses: StatusCategories(success: "10", failure: "11", confirmed: "9"))!
        let event = object.instances(in: DateInterval(start: .distantPast, end: .distantFuture), zone: .gmt).first
        #expect(event?.start?.timeZone == "Mars/Olympus_Mons", "the rules refuse it with the zone's name")
    }

    @Test func offsetsRead() {
        #expect(ZoneNames.seconds(fromOffset: "+0530") == 19_800)
        #expect(ZoneNames.seconds(fromOffset: "-0300") == -10_800)
        #expect(ZoneNames.seconds(fromOffset: "+01") == nil)
    }
}
