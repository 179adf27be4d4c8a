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
