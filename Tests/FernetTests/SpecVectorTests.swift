import TestSupport
import Foundation
import Testing
@testable import Fernet

/// Every case of the Fernet specification's vectors (fernet/spec), re-checked against Python.
struct SpecVectorTests {
    struct Generate: Decodable {
        let token: String, now: String, iv: [UInt8], src: String, secret: String
    }
    struct Verify: Decodable {
        let token: String, now: String, ttl_sec: Int64, src: String, secret: String
    }
    struct Invalid: Decodable, CustomTestStringConvertible {
        let desc: String, token: String, now: String, ttl_sec: Int64, secret: String
        var testDescription: String { desc }
    }

    static let generate = try! JSONDecoder().decode([Generate].self, from: fixture("generate.json"))
    static let verify = try! JSONDecoder().decode([Verify].self, from: fixture("verify.json"))
    static let invalid = try! JSONDecoder().decode([Invalid].self, from: fixture("invalid.json"))

    @Test(arguments: generate)
    func generatesTheSpecToken(_ vector: Generate) throws {
        let fernet = Fernet(keys: [try FernetKey(base64URL: vector.secret)])
        let token = fernet.encrypt(
            Data(vector.src.utf8), at: specDate(vector.now), iv: vector.iv)
        #expect(token == vector.token)
    }

    @Test(arguments: verify)
    func verifiesTheSpecToken(_ vector: Verify) throws {
        let now = specDate(vector.now)
        let fernet = Fernet(keys: [try FernetKey(base64URL: vector.secret)], now: { now })
        let plaintext = try fernet.decrypt(vector.token, ttl: vector.ttl_sec)
        #expect(String(decoding: plaintext, as: UTF8.self) == vector.src)
    }

    @Test(arguments: invalid)
    func refusesTheInvalidToken(_ vector: Invalid) throws {
        let now = specDate(vector.now)
        let fernet = Fernet(keys: [try FernetKey(base64URL: vector.secret)], now: { now })
        #expect(throws: FernetError.invalidToken) {
            try fernet.decrypt(vector.token, ttl: vector.ttl_sec)
        }
    }
}
