import TestSupport
import Foundation
import Testing

@testable import GoogleCalendar

@Suite("The signed assertion")
struct AssertionTests {
    @Test("header and claims are what Google expects")
    func headerAndClaims() throws {
        let key = try ServiceAccountKey(json: Fixtures.data("google/service-account.test.json"))
        let issuedAt = Date(timeIntervalSince1970: 1_800_000_000)
        let jwt = try ServiceAccountAssertion(key: key, issuedAt: issuedAt).signed()
        let parts = jwt.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        #expect(!jwt.contains("=") && !jwt.contains("+") && !jwt.contains("/"))
        let header = try json(parts[0])
        #expect(header["alg"] as? String == "RS256")
        #expect(header["typ"] as? String == "JWT")
        #expect(header["kid"] as? String == "0123456789abcdef0123456789abcdef01234567")
        let claims = try json(parts[1])
        #expect(claims["iss"] as? String == "notifier@test-project.iam.gserviceaccount.com")
        #expect(claims["scope"] as? String == "https://www.googleapis.com/auth/calendar")
        #expect(claims["aud"] as? String == "https://oauth2.googleapis.com/token")
        #expect(claims["iat"] as? Int == 1_800_000_000)
        #expect(claims["exp"] as? Int == 1_800_003_600)
    }

    private func json(_ part: String) throws -> [String: Any] {
        var base64 = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let data = try #require(Data(base64Encoded: base64))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
}
