import Foundation
import Testing
@testable import Fernet

struct FernetTests {
    let issued = Date(timeIntervalSince1970: 1_700_000_000)

    func fernet(_ keys: [FernetKey], at date: Date) -> Fernet {
        Fernet(keys: keys, now: { date })
    }

    @Test func roundTripsWithoutTTL() throws {
        let key = FernetKey.generate()
        let token = fernet([key], at: issued).encrypt(Data("payload".utf8))
        let years = issued.addingTimeInterval(86_400 * 3_650)
        #expect(try fernet([key], at: years).decrypt(token) == Data("payload".utf8))
    }

    @Test func tokensArePaddedURLSafeBase64() {
        for length in 0..<20 {
            let token = Fernet(keys: [.generate()]).encrypt(Data(repeating: 7, count: length))
            #expect(token.utf8.count % 4 == 0)
            #expect(!token.contains("+") && !token.contains("/"))
        }
    }

    @Test func respectsTheTTLBoundary() throws {
        let key = FernetKey.generate()
        let token = fernet([key], at: issued).encrypt(Data("x".utf8))
        #expect(throws: Never.self) { try fernet([key], at: issued + 60).decrypt(token, ttl: 60) }
        #expect(throws: FernetError.invalidToken) { try fernet([key], at: issued + 61).decrypt(token, ttl: 60) }
    }

    @Test func acceptsOneMinuteOfClockSkewAndNoMore() throws {
        let key = FernetKey.generate()
        let token = fernet([key], at: issued).encrypt(Data("x".utf8))
        #expect(throws: Never.self) { try fernet([key], at: issued - 60).decrypt(token) }
        #expect(throws: FernetError.invalidToken) { try fernet([key], at: issued - 61).decrypt(token) }
    }

    @Test func firstKeyEncryptsAndEveryKeyDecrypts() throws {
        let old = FernetKey.generate(), new = FernetKey.generate()
        let oldToken = fernet([old], at: issued).encrypt(Data("old".utf8))
        let rotated = fernet([new, old], at: issued)
        #expect(try rotated.decrypt(oldToken) == Data("old".utf8))
        let newToken = rotated.encrypt(Data("new".utf8))
        #expect(try fernet([new], at: issued).decrypt(newToken) == Data("new".utf8))
        #expect(throws: FernetError.invalidToken) { try fernet([old], at: issued).decrypt(newToken) }
    }

    @Test func returnsTheIssueTime() throws {
        let key = FernetKey.generate()
        let token = fernet([key], at: issued.addingTimeInterval(0.9)).encrypt(Data())
        #expect(try fernet([key], at: issued).decryptWithTimestamp(token).issuedAt == issued)
    }

    @Test func refusesEveryOneCharacterChange() throws {
        let key = FernetKey.generate()
        let token = fernet([key], at: issued).encrypt(Data("cancel this".utf8))
        var refused = 0
        for index in token.indices where token[index] != "=" {
            let replacement: Character = token[index] == "A" ? "B" : "A"
            var tampered = token
            tampered.replaceSubrange(index...index, with: String(replacement))
            if (try? fernet([key], at: issued).decrypt(tampered)) == nil { refused += 1 }
        }
        // The last data character may carry only padding bits, so one change there can be a no-op.
        #expect(refused >= token.filter { $0 != "=" }.count - 1)
    }

    @Test(arguments: ["", "not a token", "gAAAAA==", "%%%%", String(repeating: "A", count: 200)])
    func refusesJunk(_ junk: String) {
        #expect(throws: FernetError.invalidToken) { try Fernet(keys: [.generate()]).decrypt(junk) }
    }

    @Test(arguments: ["", "short", "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e", "cw/0x689RpI+jtRR7oE8h/eQsKImvJapLeSbXpwF4e4="])
    func refusesMalformedKeys(_ text: String) {
        #expect(throws: FernetError.invalidKey) { try FernetKey(base64URL: text) }
    }

    @Test func keyRoundTripsThroughItsText() throws {
        let key = FernetKey.generate()
        #expect(key.base64URL.count == 44)
        #expect(try FernetKey(base64URL: key.base64URL).base64URL == key.base64URL)
    }
}
