import Fernet
import Foundation
import Testing
@testable import Notifier

struct LinkTokenTests {
    let codec = LinkTokenCodec(keys: [.generate()])
    let link = LinkToken(action: .cancel, calendarID: "host@example.com", eventID: "evt123", sequence: 2)

    @Test func payloadIsTheFixedCompactJSON() {
        #expect(String(decoding: link.payload(), as: UTF8.self)
            == #"{"a":"cancel","c":"host@example.com","e":"evt123","s":2}"#)
    }

    @Test func readsWhatItMints() throws {
        let opened = try codec.read(codec.mint(link))
        #expect(opened.link == link)
        #expect(abs(opened.issuedAt.timeIntervalSinceNow) < 5)
    }

    @Test func readsPayloadsWrittenByOtherTools() throws {
        let spaced = Data(#"{"a": "reschedule", "c": "c@x", "e": "e/1", "s": 0}"#.utf8)
        let token = codec.fernet.encrypt(spaced)
        #expect(try codec.read(token).link == LinkToken(action: .reschedule, calendarID: "c@x", eventID: "e/1", sequence: 0))
    }

    @Test func findsTheTokenInALinkURL() throws {
        let token = codec.mint(link)
        #expect(try codec.read(urlOrToken: "https://book.example.com/cancel/\(token)").link == link)
        #expect(try codec.read(urlOrToken: " \(token)\n").link == link)
        #expect(throws: LinkTokenError.actionMismatch(path: .reschedule, token: .cancel)) {
            try codec.read(urlOrToken: "https://book.example.com/reschedule/\(token)")
        }
        #expect(throws: LinkTokenError.notALink) { try codec.read(urlOrToken: "https://book.example.com/r/abc") }
    }

    @Test func refusesForeignAndTamperedTokens() throws {
        let token = codec.mint(link)
        #expect(throws: LinkTokenError.notAuthentic) { try LinkTokenCodec(keys: [.generate()]).read(token) }
        var tampered = Array(token)
        tampered[20] = tampered[20] == "A" ? "B" : "A"
        #expect(throws: LinkTokenError.notAuthentic) { try codec.read(String(tampered)) }
    }

    @Test func refusesAuthenticTokensThatAreNotLinks() {
        let token = codec.fernet.encrypt(Data(#"{"a":"delete-everything"}"#.utf8))
        #expect(throws: LinkTokenError.unreadablePayload) { try codec.read(token) }
    }
}

/// `LinkToken.payload()` is written by hand; its bytes are what single-use rules hash (`key`), so
/// they must stay those `JSONEncoder` wrote (sorted keys, slashes unescaped) for any text.
struct LinkTokenPayloadTests {
    private func encoderPayload(_ link: LinkToken) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(link)
    }

    private static let pieces: [String] = [
        "a", "Z", "0", "@", "/", "\\", "\"", "'", " ", "\u{7F}", "é", "ß", "中", "😀", "\u{2028}", "\u{2029}", "\u{FEFF}",
        "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{B}", "\u{C}", "\u{D}", "\u{1B}", "\u{1F}", "+", "&", "<", ">", "%",
    ]

    @Test func randomTextIsWrittenAsJSONEncoderWritesIt() throws {
        var generator = SystemRandomNumberGenerator()
        func text() -> String {
            (0..<Int.random(in: 0...12, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
        }
        for _ in 0..<3_000 {
            let link = LinkToken(action: LinkToken.Action.allCases.randomElement(using: &generator)!, calendarID: text(),
                                 eventID: text(), sequence: Int.random(in: -5...Int.max, using: &generator),
                                 attendee: Bool.random(using: &generator) ? text() : nil)
            #expect(link.payload() == (try encoderPayload(link)), "\(link)")
            #expect(try JSONDecoder().decode(LinkToken.self, from: link.payload()) == link)
        }
    }

    @Test func realIDsAreWrittenAsJSONEncoderWritesThem() throws {
        let links = [
            LinkToken(action: .book, calendarID: "c_1f2e3d@group.calendar.google.com", eventID: "abc123_20261207T090000Z",
                      sequence: 0, attendee: "+14155550123"),
            LinkToken(action: .reschedule, calendarID: "https://caldav.example.com/dav/calendars/user/home/", eventID: "1234-ABCD.ics",
                      sequence: Int.max),
            LinkToken(action: .cancel, calendarID: "AAMkAGI2TG93AAA=", eventID: "AAMkAGI2THVSAAA=", sequence: 3),
        ]
        for link in links { #expect(link.payload() == (try encoderPayload(link))) }
    }
}
