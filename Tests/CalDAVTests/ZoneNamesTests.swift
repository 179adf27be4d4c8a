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
        let zone = ZoneNames.zone(for: "Customized Time Zone")
        #expect(zone?.identifier == "Europe/Berlin" || zone?.identifier == "Europe/Paris" || zone?.identifier.hasPrefix("Europe/") == true)
    }

    @Test func aFixedOffsetWithoutAnyMatchingZoneIsKept() {
        let definition = ["BEGIN:VTIMEZONE", "TZID:Odd Zone", "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0417",
                          "TZOFFSETTO:+0417", "END:STANDARD", "END:VTIMEZONE"]
        #expect(Self.start(tzid: "Odd Zone", "20270115T100000", timezones: definition) == Self.utc("2027-01-15T05:43:00Z"))
    }

    @Test func offsetsRead() {
        #expect(ZoneNames.seconds(fromOffset: "+0530") == 19_800)
        #expect(ZoneNames.seconds(fromOffset: "-0300") == -10_800)
        #expect(ZoneNames.seconds(fromOffset: "+01") == nil)
    }
}
