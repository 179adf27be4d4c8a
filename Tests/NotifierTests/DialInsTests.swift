import Foundation
import Testing
@testable import Notifier

/// Dial strings (`+1 646 558 8656,,84512345678#`) are taken out of a location in one pass.
@Suite struct DialInsTests {
    /// The regular expression the one-pass reading replaced, as the reference.
    static let reference = try! NSRegularExpression(pattern: #"\+?[0-9][0-9 ().\-]{5,}[0-9]\s*(,,[0-9*#,]*|,[0-9]{4,}#[0-9*#,]*)"#)

    static func expected(_ text: String) -> String {
        reference.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "|")
    }

    @Test func dialStringsGoAndTheRestStays() {
        #expect(DialIns.withoutDialStrings("Zoom +1 646 558 8656,,84512345678# or +44 20 7946 0958") == "Zoom | or +44 20 7946 0958")
        // From the first digit; the tail takes the commas and digits after the `#`.
        #expect(DialIns.withoutDialStrings("(0)20 7946 0958,1234#*, Ana") == "(| Ana")
        #expect(DialIns.withoutDialStrings("+91 98765 43210, Ravi") == "+91 98765 43210, Ravi")
        #expect(DialIns.withoutDialStrings("") == "")
    }

    @Test func theSameAsTheExpressionItReplaces() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["1", "2", "9", "0", " ", "(", ")", ".", "-", "+", ",", ",,", "#", "*", "\n", "\t", "a", "é", "4567"]
        for _ in 0..<6_000 {
            let text = (0..<Int.random(in: 0...24, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(DialIns.withoutDialStrings(text) == Self.expected(text), "\(text.debugDescription)")
        }
    }

    /// A location of 160 KB of digits and spaces held up the whole sync for ever (the expression
    /// backtracked over the run from every digit in it); it is read like any other now.
    @Test func aHugeLocationIsReadLikeAnyOther() {
        let location = "+14155553609 " + String(repeating: "1234567 ", count: 20_000)
        let read = LocationNumbers(location, defaultCallingCode: nil)
        #expect(read.phones.count + read.unusable.count >= 1)
        let dial = String(repeating: "1234567 ", count: 20_000) + ",,1#"
        #expect(DialIns.withoutDialStrings(dial).hasSuffix("|"))
        // Commas with no number before them: each was the start of a tail read to the end (found in review).
        let commas = "+4915112345679 x" + String(repeating: ",", count: 250_000)
        #expect(LocationNumbers(commas, defaultCallingCode: nil).phones.map(\.e164) == ["+4915112345679"])
        #expect(DialIns.withoutDialStrings(String(repeating: "1234#,", count: 20_000)) == String(repeating: "1234#,", count: 20_000))
    }
}

/// Dial-in headers are words of their own; and the log quotes no digits of a location.
@Suite struct DialInHeaderTests {
    @Test func aHeaderIsWordsOfTheirOwn() {
        // "Recall in" is no dial-in list: the number after it is read.
        #expect(LocationNumbers("Recall in 2 weeks; +1 415 555 0191", defaultCallingCode: nil).phones.map(\.e164) == ["+14155550191"])
        #expect(DialIns.firstWords("call in", in: "recall in; call in") == "recall in; call in".range(of: "; ")?.upperBound)
        // "Call in" and "dial in" are a header only when numbers follow them.
        #expect(LocationNumbers("Please call in 5 min early. Mobile +1 415 555 0191", defaultCallingCode: nil).phones.map(\.e164)
            == ["+14155550191"])
        #expect(LocationNumbers("Dial in 10 minutes before; Ravi +91 98765 43210", defaultCallingCode: nil).phones.map(\.e164)
            == ["+919876543210"])
        // Nor when what follows is the host's own sentence (found in review).
        for sentence in ["Please dial in by 5pm. Mobile +1 415 555 0191", "Please call in no later than 9:50. Mobile +1 415 555 0191",
                         "Call in local time 10am. Mobile +1 415 555 0191", "Patient will call in (10 min before). Mobile +1 415 555 0191",
                         "Please call in, mobile +1 415 555 0191"] {
            #expect(LocationNumbers(sentence, defaultCallingCode: nil).phones.map(\.e164) == ["+14155550191"], "\(sentence)")
        }
        for invitation in ["Dial-in (US): +1 646 558 8656", "You can also dial in using your phone.\nUnited States: +1 (571) 317-3122",
                           "Call in: +1 646 558 8656", "Dial-in numbers\n+1 646 558 8656", "Or dial +1 646 558 8656", "Call-in number (US) +1 646 558 8656",
                           "Dial in\n+1 646 558 8656", "Call in toll-free +1 646 558 8656",
                           // A looser first rule messaged these conference lines (found in review).
                           "Dial-in information\n+1 323-849-4874 United States, Los Angeles\nConference ID: 123 456 789#",
                           "Dial-in #: +1 646 558 8656", "Call-in No.: +1 646 558 8656", "Call in no.: +1 646 558 8656",
                           "Dial in at +1 646 558 8656", "Dial in details: +1 646 558 8656", "Dial-in for US participants: +1 646 558 8656",
                           "Dial-in\nUS: +1 646 558 8656", "Dial-in (United States, Los Angeles): +1 646 558 8656",
                           "Conference Line - (605) 472-5555, Access Code 123456", "Call in local numbers: +1 646 558 8656",
                           // Spaces and hyphens of other kinds.
                           "Dial\u{00A0}by\u{00A0}your\u{00A0}location\n +1 646 558 8656 US (New York)", "Call in\u{00A0}+1 646 558 8656",
                           "Dial\u{2011}in: +1 646 558 8656", "Dial  in: +1 646 558 8656", "Call\u{2013}in: +1 646 558 8656",
                           // A host's words before an invitation's number (found in a third review).
                           "Please dial in early: +1 (605) 472-5555, code 123456", "Call in by phone: +1 646 558 8656",
                           "Call in, +1 646 558 8656", "Dial in. +1 646 558 8656", "Dial in by phone\n+1 323-555-0166 United States",
                           // Old Zoom, join.me, Google Meet in French and Spanish.
                           "Or iPhone one-tap: US: +16465588656, 109550628#  or +16699006833, 109550628#\nOr Telephone: Dial: US: +1 646 558 8656",
                           "Join the audio by phone only:\nUnited States: +1.415.594.5500\nAccess code: 123-456-789#",
                           "Pour participer par téléphone, composez le +1 208-715-5660 et saisissez ce code : 381 391 918#",
                           "Unirse por teléfono\n(ES) +34 910 12 34 56 PIN: 381 391 918#"] {
            #expect(LocationNumbers("Ravi +91 98765 43210\n" + invitation, defaultCallingCode: nil).phones.map(\.e164) == ["+919876543210"],
                    "\(invitation)")
        }
        // A pasted invitation's list still goes, German compounds too.
        let zoom = "Ana +91 98765 43210. One tap mobile +16465588656,,84512345678# US"
        #expect(LocationNumbers(zoom, defaultCallingCode: nil).phones.map(\.e164) == ["+919876543210"])
        let teams = "Ana +91 98765 43210\nEinwahlnummern: +49 69 365052095 Germany, Frankfurt"
        #expect(LocationNumbers(teams, defaultCallingCode: nil).phones.map(\.e164) == ["+919876543210"])
        let schnell = "Ana +91 98765 43210\nSchnelleinwahl mobil\n+49 69 38079883,,845123#\n\nEinwahlnummer\n +49 69 3807 9883 Deutschland"
        #expect(LocationNumbers(schnell, defaultCallingCode: nil).phones.map(\.e164) == ["+919876543210"])
    }

    @Test func theLogShowsNoDigitsOfTheLocation() {
        let problem = #"Not sent: "Member 9175550123 mobile (650) 555-0101" is not a WhatsApp number with a country code"#
        let logged = EventAnnotator.maskingDigits(problem)
        #expect(!logged.contains { $0.isNumber })
        #expect(logged.hasPrefix(#"Not sent: "Member ********** mobile"#))
    }
}

/// A part with two different numbers is said, not guessed.
@Suite struct SeveralNumbersTests {
    @Test func aPartWithTwoNumbersIsNotSentWithItsReason() {
        let read = LocationNumbers("Fax +1 415 555 0105 Mobile +1 650 555 0106; Ravi +91 98765 43210", defaultCallingCode: nil)
        #expect(read.phones.map(\.e164) == ["+919876543210"])
        #expect(read.ambiguous == ["Fax +1 415 555 0105 Mobile +1 650 555 0106"])
        #expect(read.unusable.isEmpty)
        // Separated, they are two attendees, as before.
        #expect(LocationNumbers("Tel +44 20 7946 0958, Fax +44 20 7946 0959", defaultCallingCode: nil).phones.count == 2)
    }
}

/// Numbers typed on an Arabic, Persian, Hindi or full-width keyboard are numbers.
@Suite struct OtherScriptDigitsTests {
    @Test(arguments: [
        ("+٩١ ٩٨٧٦٥ ٤٣٢١٠", nil, "+919876543210"),
        ("واتساب: ٩٨٧٦٥ ٤٣٢١٠", "91", "+919876543210"),
        ("۰۹۱۲ ۳۴۵ ۶۷۸۹", "98", "+989123456789"),
        ("+९१ ९८७६५ ४३२१०", nil, "+919876543210"),
        ("＋９１ ９８７６５ ４３２１０", nil, "+919876543210"),
        ("+91 ٩٨٧٦٥ 43210", nil, "+919876543210"),
    ] as [(String, String?, String)])
    func digitsOfOtherScriptsAreRead(location: String, defaultCode: String?, e164: String) {
        let read = LocationNumbers(location, defaultCallingCode: defaultCode.flatMap { CallingCode(setting: $0) })
        #expect(read.phones.map(\.e164) == [e164])
    }

    @Test func aDialStringInArabicDigitsIsStillADialString() {
        for pauses in [",,", "،،", "٬٬", "，，"] {
            #expect(LocationNumbers("Ravi +91 98765 43210\n+١ ٦٤٦ ٥٥٨ ٨٦٥٦\(pauses)٨٤٥١٢٣٤٥٦٧٨#", defaultCallingCode: nil).phones.map(\.e164)
                == ["+919876543210"], "\(pauses)")
        }
    }

    @Test func anArabicCommaSeparatesTwoAttendees() {
        let read = LocationNumbers("+٩١ ٩٨٧٦٥ ٤٣٢١٠، +44 7911 123456", defaultCallingCode: nil)
        #expect(read.phones.map(\.e164) == ["+919876543210", "+447911123456"])
        #expect(LocationNumbers("+91 98765 43210、+44 7911 123456", defaultCallingCode: nil).phones.count == 2)
    }

    @Test func aShortOrImpossibleRunInAnotherScriptIsNoNumber() {
        // A room number stays a room number; superscripts and circled digits are not digits.
        #expect(LocationNumbers("غرفة ١٢", defaultCallingCode: nil) == .none)
        #expect(LocationNumbers("Room ²³⁴⁵⁶⁷⁸⁹", defaultCallingCode: nil) == .none)
        #expect(LocationNumbers("①②③④⑤⑥⑦⑧", defaultCallingCode: nil) == .none)
        // An Arabic decimal is a decimal.
        #expect(LocationNumbers("١٢٦٫٤٥٩٨٨٠", defaultCallingCode: nil) == .none)
        // Without a country code, as in ASCII digits: said, not guessed.
        #expect(LocationNumbers("٩٨٧٦٥ ٤٣٢١٠", defaultCallingCode: nil).unusable == ["٩٨٧٦٥ ٤٣٢١٠"])
    }
}
