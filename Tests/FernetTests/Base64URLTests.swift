import Foundation
import Testing
@testable import Fernet

/// `Base64URL.encode` writes the alphabet by hand; it must give what Foundation's base64, with
/// `+/` swapped for `-_`, gives: every token already minted was written that way.
struct Base64URLTests {
    private func foundation(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    @Test func everyLengthAndRandomBytesEncodeAsFoundationEncodesThem() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<200 {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                #expect(Base64URL.encode(bytes) == foundation(bytes), "\(bytes)")
                #expect(Base64URL.decode(Base64URL.encode(bytes)) == Data(bytes))
            }
        }
    }

    @Test func theBytesThatMeetTheSwappedCharactersEncodeAsFoundationEncodesThem() {
        for bytes: [UInt8] in [[0xFB, 0xFF], [0xFF, 0xFF, 0xFF], [0xF8], [0x3E], [0x3F], [0xFB, 0xEF, 0xBE], []] {
            #expect(Base64URL.encode(bytes) == foundation(bytes))
        }
    }
}
