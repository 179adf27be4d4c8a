import Foundation
import Testing

@testable import Notifier

/// A location and the E.164 number expected from it, under an optional default region.
struct LocationCase: Sendable, CustomTestStringConvertible {
    let location: String
    let region: String?
    let expected: String?

    init(_ location: String, _ region: String?, _ expected: String?) {
        self.location = location
        self.region = region
        self.expected = expected
    }

    init(_ location: String, _ expected: String?) {
        self.init(location, nil, expected)
    }

    var testDescription: String { "\(location.debugDescription) in \(region ?? "no region")" }
}

@Suite("PhoneNumberParser")
struct PhoneNumberParserTests {
    static let international: [LocationCase] = [
        LocationCase("+91 98765 43210", "+919876543210"),
        LocationCase("+1 (415) 555-2671", "+14155552671"),
        LocationCase("tel:+14155552671", "+14155552671"),
        LocationCase("Zoom / +44 20 7946 0958", "+442079460958"),
        LocationCase("+44\u{00A0}20\u{00A0}7946\u{00A0}0958", "+442079460958"),
        LocationCase("+44 (0)20 7946 0958", "+442079460958"),
        LocationCase("(+44) 20 7946 0958", "+442079460958"),
        LocationCase("0044 20 7946 0958", "+442079460958"),
        LocationCase("0044 (0)20 7946 0958", "+442079460958"),
        LocationCase("+49 (0)30 1234 5678", "+493012345678"),
        LocationCase("Tel. +49 30 12345678", "+493012345678"),
        LocationCase("+33 6 12 34 56 78", "+33612345678"),
        LocationCase("+55 11 91234-5678", "+5511912345678"),
        LocationCase("+61 412 345 678", "+61412345678"),
        LocationCase("+65 8123 4567", "+6581234567"),
        LocationCase("+971 50 123 4567", "+971501234567"),
        LocationCase("+234 803 123 4567", "+2348031234567"),
        LocationCase("+39 06 1234 5678", "+390612345678"),
        LocationCase("+39 (0)6 1234 5678", "+390612345678"),
        LocationCase("+39 333 123 4567", "+393331234567"),
        LocationCase("+52 55 1234 5678", "+525512345678"),
        LocationCase("+27 82 123 4567", "+27821234567"),
        LocationCase("+7 916 123-45-67", "+79161234567"),
        LocationCase("+81 90-1234-5678", "+819012345678"),
        LocationCase("+86 138 0013 8000", "+8613800138000"),
        LocationCase("+353 87 123 4567", "+353871234567"),
        LocationCase("+225 07 07 12 34 56", "+2250707123456"),
        LocationCase("+91.98765.43210", "+919876543210"),
        LocationCase("+91\u{2013}98765\u{2013}43210", "+919876543210"),
        LocationCase("Phone: +91 98765 43210 (mobile)", "+919876543210"),
        LocationCase("Call me on +91 98765 43210.", "+919876543210"),
        LocationCase("+44 20 7946 0958", "IN", "+442079460958"),
        LocationCase("0044 20 7946 0958", "IN", "+442079460958"),
    ]

    static let whatsApp: [LocationCase] = [
        LocationCase("whatsapp:+14155238886", "+14155238886"),
        LocationCase("https://wa.me/919876543210", "+919876543210"),
        LocationCase("wa.me/+91 98765-43210", "+919876543210"),
        LocationCase("Chat: https://wa.me/447946095800?text=Hi", "+447946095800"),
        LocationCase("(https://wa.me/5511912345678)", "+5511912345678"),
        LocationCase("https://api.whatsapp.com/send?phone=919876543210&text=Hi", "+919876543210"),
        LocationCase("https://wa.me/919876543210", "US", "+919876543210"),
        LocationCase("https://wa.me/message/ABCDEF123456", nil),
        LocationCase("https://wa.me/0919876543210", "IN", nil),
        LocationCase("https://notwa.me/919876543210", "IN", nil),
    ]

    static let national: [LocationCase] = [
        // Names that are also abbreviations are names: the number after them is the attendee's.
        LocationCase("Reg +44 7911 123456", "GB", "+447911123456"),
        LocationCase("Reg: 07911 123456", "GB", "+447911123456"),
        LocationCase("Abha 98765 43210", "IN", "+919876543210"),
        LocationCase("Chị Nhi 0912 345 678", "VN", "+84912345678"),
        LocationCase("098765 43210", "IN", "+919876543210"),
        LocationCase("98765 43210", "IN", "+919876543210"),
        LocationCase("Phone: (415) 555-2671", "US", "+14155552671"),
        LocationCase("415.555.2671", "CA", "+14155552671"),
        LocationCase("020 7946 0958", "GB", "+442079460958"),
        LocationCase("(0)20 7946 0958", "GB", "+442079460958"),
        LocationCase("030 12345678", "DE", "+493012345678"),
        LocationCase("030/12345678", "DE", "+493012345678"),
        LocationCase("06 12 34 56 78", "FR", "+33612345678"),
        LocationCase("06.12.34.56.78", "FR", "+33612345678"),
        LocationCase("(11) 91234-5678", "BR", "+5511912345678"),
        LocationCase("0412 345 678", "AU", "+61412345678"),
        LocationCase("8123 4567", "SG", "+6581234567"),
        LocationCase("050 123 4567", "AE", "+971501234567"),
        LocationCase("0803 123 4567", "NG", "+2348031234567"),
        LocationCase("06 1234 5678", "IT", "+390612345678"),
        LocationCase("0549 886377", "SM", "+3780549886377"),
        LocationCase("55 1234 5678", "MX", "+525512345678"),
        LocationCase("082 123 4567", "ZA", "+27821234567"),
        LocationCase("8 (916) 123-45-67", "RU", "+79161234567"),
        LocationCase("Meeting ID: 812 3456 7890, phone 98765 43210", "IN", "+919876543210"),
        LocationCase("2025-11-24 15:30, 98765 43210", "IN", "+919876543210"),
        LocationCase("15:30 098765 43210", "IN", "+919876543210"),
    ]

    static let junk: [LocationCase] = [
        LocationCase("", "IN", nil),
        LocationCase("Room 12", "IN", nil),
        LocationCase("221B Baker Street, London", "GB", nil),
        LocationCase("2025-11-24", "DE", nil),
        LocationCase("24.11.2025 15:30", "DE", nil),
        LocationCase("11/24/2025", "US", nil),
        LocationCase("15:30", "IN", nil),
        LocationCase("London SW1A 1AA", "GB", nil),
        LocationCase("San Francisco, CA 94103-1234", "US", nil),
        LocationCase("https://zoom.us/j/1234567890?pwd=abc", "IN", nil),
        LocationCase("zoom.us/j/9876543210", "IN", nil),
        LocationCase("https://meet.google.com/abc-defg-hij", "IN", nil),
        LocationCase("priya.9876543210@gmail.com", "IN", nil),
        LocationCase("Meeting ID: 812 3456 7890", "IN", nil),
        LocationCase("Passcode 9876543", "DE", nil),
        LocationCase("Mob9876543210", "IN", nil),
        LocationCase("Order #12345678", "DE", nil),
        LocationCase("Fee €1.234.567", "DE", nil),
        LocationCase("098765 43210", nil, nil),
        LocationCase("Phone: (415) 555-2671", nil, nil),
        LocationCase("+999 1234 5678", nil),
        LocationCase("+91 98765", nil),
        LocationCase("+91 98765 43210 98765 43210", nil),
        LocationCase("+1234567890123456", nil),
        LocationCase("+1 123 456 7890", nil),
        LocationCase("+44 20 (0)7946 0958", nil),
        LocationCase("+ 91 98765 43210", nil),
        LocationCase("919876543210", "IN", nil),
        LocationCase("0415 555 2671", "US", nil),
        // DESIGN.md §22: digits that are not phone numbers, and numbers of no valid length or prefix.
        LocationCase("1-800-555-0199", "US", nil),  // toll-free: no WhatsApp account answers it
        LocationCase("192.168.100.200", "DE", nil),
        LocationCase("Zoom 845 1234 5678 (passcode 123456)", "DE", nil),
        LocationCase("CEP 01310-100", "DE", nil),
        LocationCase("01310-100", "DE", nil),
        LocationCase("Order no. 2026120612345", "DE", nil),
        LocationCase("Bestellnummer 512345678", "PL", nil),
        LocationCase("94105-1234", "DE", nil),
        LocationCase("https://maps.google.com/?q=-52.034823,126.459880", "ZA", nil),
        LocationCase("+54 911234567", nil),
        LocationCase("+31612345678908", nil),
        LocationCase("+44 7700 900123", nil),  // Ofcom's range for drama: never a subscriber
        // An adversarial review's finds: dial-ins of pasted invitations, labels, digits without a trunk prefix.
        LocationCase("Meeting ID: 845 1234 5678\nOne tap mobile\n+16465588656,,84512345678#,,,,*123456# US (New York)", "US", nil),
        LocationCase("Teams +49 69 365052735,,123456789# Germany", "DE", nil),
        LocationCase("Or dial: (US) +1 929-205-6099 PIN: 123 456 789#", "US", nil),
        LocationCase("Dial by your location\n• +49 69 5050 2596 Germany", "DE", nil),
        LocationCase("Access code (PIN): 912 345 6789", "US", nil),
        LocationCase("Kenncode: 912345678", "DE", nil),
        LocationCase("Kunden-Nr. 512345678", "DE", nil),
        LocationCase("INV-2026-123456", "US", nil),
        LocationCase("123.456.789-09", "US", nil),
        LocationCase("20261206", "DE", nil),
        LocationCase("94105 1234", "DE", nil),
        LocationCase("4006381333931", "DE", nil),
        // Record numbers beside the session: ten digits read as a valid US or Indian number.
        LocationCase("MRN 4155550199", "US", nil),
        LocationCase("UHID: 9876543210", "IN", nil),
        LocationCase("A/c No. 9876543210", "IN", nil),
        LocationCase("NHS no. 943 476 5919", "US", nil),
        LocationCase("Passport 9876543210", "IN", nil),
        LocationCase("Reg No. 9876543210", "IN", nil),
    ]


    static let libphonenumberReadings: [LocationCase] = [
        // A trunk 0 written after the calling code is dropped, as libphonenumber does.
        LocationCase("+44 020 7946 0958", nil, "+442079460958"),
        LocationCase("+7 8 912 345 67 89", nil, "+79123456789"),
        // The home country's own prefix for calling abroad, besides "00".
        LocationCase("011 44 20 7946 0958", "US", "+442079460958"),
        LocationCase("001 66 81 234 5678", "TH", "+66812345678"),
        // A postcode before the number does not hide it; an alternative number is not a second person.
        LocationCase("Av. Paulista 1578, 01310-200 São Paulo, Tel. (11) 2345 6159", "BR", "+551123456159"),
        LocationCase("+4915123456789 or +4915123456780", nil, "+4915123456789"),
        LocationCase("Call +4915123456789 (alt. mobile +4915123456780)", nil, "+4915123456789"),
        // Two different numbers that nothing joins as one person's: whose is it? Nobody is messaged
        // (found in review: the fax, the old number and an ID before the number were).
        LocationCase("Fax +1 415 555 0105 Mobile +1 650 555 0106", nil, nil),
        LocationCase("Old number +1 650 555 0107 new number +1 650 555 0108", nil, nil),
        LocationCase("Booking for Ana (+1 650 555 0103) by her mother +1 650 555 0104", nil, nil),
        LocationCase("John Smith 4155550199 tel +1 650 555 0100", "US", nil),
        LocationCase("Ravi 9876543211 +91 98765 00001", "IN", nil),
        // Unless the first is labelled a record number: then the second is the only number.
        LocationCase("John Smith MRN 4155550199 tel +1 650 555 0100", "US", "+16505550100"),
        LocationCase("Roll no 9876543211 +91 98765 00001", "IN", "+919876500001"),
        // The same number twice is one.
        LocationCase("Ana +91 98765 43210 (+91 98765 43210)", nil, "+919876543210"),
        // The attendee's number before a pasted invitation is theirs; the invitation's are not.
        LocationCase("+49 151 23456789, Teams +49 69 365052735,,123456789# Germany", nil, "+4915123456789"),
        LocationCase("Telefon-Nr. 0151 23456789", "DE", "+4915123456789"),
    ]

    @Test("international numbers", arguments: international)
    func internationalNumbers(_ test: LocationCase) { check(test) }

    @Test("WhatsApp links", arguments: whatsApp)
    func whatsAppLinks(_ test: LocationCase) { check(test) }

    @Test("national numbers under the default code", arguments: national)
    func nationalNumbers(_ test: LocationCase) { check(test) }

    @Test("libphonenumber's readings", arguments: libphonenumberReadings)
    func libphonenumberReadingsAgree(_ test: LocationCase) { check(test) }

    @Test("text with no usable number", arguments: junk)
    func junkText(_ test: LocationCase) { check(test) }

    private func check(_ test: LocationCase) {
        let code = test.region.flatMap { CallingCode(region: $0) }
        #expect((test.region == nil) == (code == nil), "unknown test region")
        let number = PhoneNumberParser.parse(test.location, defaultCallingCode: code)
        #expect(number?.e164 == test.expected)
    }
}

@Suite("CallingCode")
struct CallingCodeTests {
    @Test("settings that name a code", arguments: [
        ("IN", "91"), ("in", "91"), ("GB", "44"), ("US", "1"), ("+91", "91"), ("0091", "91"),
        (" +44 ", "44"), ("91", "91"), ("+1", "1"), ("+358", "358"), ("KZ", "7"), ("VA", "39"),
    ])
    func accepts(setting: String, digits: String) {
        #expect(CallingCode(setting: setting)?.digits == digits)
    }

    @Test("settings refused", arguments: [
        "", "XX", "ZZ", "BV", "IND", "India", "+999", "0099", "+91a", "+ 91", "9 1", "++91", "00", "+",
        "+0", "091", "ÍN", "\u{0669}\u{0661}",
    ])
    func refuses(setting: String) {
        #expect(CallingCode(setting: setting) == nil)
    }

    @Test func description() {
        #expect(CallingCode(region: "IN")?.description == "+91")
    }

    @Test("well-known regions", arguments: [
        ("US", "1"), ("CA", "1"), ("PR", "1"), ("JM", "1"), ("RU", "7"), ("KZ", "7"), ("GB", "44"),
        ("GG", "44"), ("JE", "44"), ("IM", "44"), ("FI", "358"), ("AX", "358"), ("NO", "47"),
        ("SJ", "47"), ("IT", "39"), ("VA", "39"), ("IN", "91"), ("DE", "49"), ("FR", "33"),
        ("BR", "55"), ("AU", "61"), ("SG", "65"), ("AE", "971"), ("NG", "234"), ("MX", "52"),
        ("ZA", "27"), ("CN", "86"), ("JP", "81"), ("EG", "20"), ("SM", "378"), ("HK", "852"),
    ])
    func region(region: String, digits: String) {
        #expect(RegionCallingCodes.byRegion[region] == digits)
    }

    @Test func tableCoversEveryRegion() {
        #expect(RegionCallingCodes.byRegion.count >= 245)
        #expect(RegionCallingCodes.byRegion.keys.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isUppercase) })
        #expect(RegionCallingCodes.byRegion.values.allSatisfy { (1...3).contains($0.count) && $0.first != "0" })
    }

    /// Longest-prefix matching is only unambiguous if no code begins another.
    @Test func codesArePrefixFree() {
        let codes = RegionCallingCodes.all
        let clashes = codes.filter { code in codes.contains { $0 != code && code.hasPrefix($0) } }
        #expect(clashes.isEmpty)
        #expect(RegionCallingCodes.nonGeographic.isSubset(of: codes))
    }
}

@Suite("PhoneNumber")
struct PhoneNumberTests {
    @Test("valid E.164", arguments: [
        "+919876543210", "+14155552671", "+390612345678", "+8613800138000", "+1234567", "+882123456789012",
    ])
    func valid(e164: String) {
        #expect(PhoneNumber(e164: e164)?.e164 == e164)
    }

    @Test("invalid E.164", arguments: [
        "", "+", "919876543210", "+0919876543210", "+91 98765 43210", "+123456", "+1234567890123456",
        "+9991234567", "+91987654321a", "+\u{0669}\u{0661}\u{0669}\u{0668}\u{0667}\u{0666}\u{0665}\u{0664}",
    ])
    func invalid(e164: String) {
        #expect(PhoneNumber(e164: e164) == nil)
    }

    @Test("masking", arguments: [
        ("+919876543210", "+91******3210"), ("+14155552671", "+14*****2671"), ("+1234567", "+12*4567"),
    ])
    func masked(e164: String, masked: String) throws {
        let number = try #require(PhoneNumber(e164: e164))
        #expect(number.masked == masked)
    }

    @Test func digitsAndDescription() throws {
        let number = try #require(PhoneNumber(e164: "+919876543210"))
        #expect(number.digits == "919876543210")
        #expect(number.description == "+919876543210")
        #expect("\(number)" == "+919876543210")
    }

    @Test func codableAsOneString() throws {
        let number = try #require(PhoneNumber(e164: "+442079460958"))
        let json = try JSONEncoder().encode(["phone": number])
        #expect(String(decoding: json, as: UTF8.self) == #"{"phone":"+442079460958"}"#)
        #expect(try JSONDecoder().decode([String: PhoneNumber].self, from: json) == ["phone": number])
    }

    @Test("decoding refuses invalid numbers", arguments: [#""12345""#, #""+44 20 7946 0958""#, "42", "null"])
    func decodingRefuses(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PhoneNumber.self, from: Data(json.utf8))
        }
    }
}
