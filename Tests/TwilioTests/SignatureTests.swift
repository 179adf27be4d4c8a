import Crypto
import Foundation
import Testing
@testable import Twilio

@Suite("Webhook signatures")
struct SignatureTests {
    @Test("the vector file is read in full")
    func vectorsLoaded() {
        #expect(SignatureVector.all.count == 7)
    }

    @Test("Twilio's vectors", arguments: SignatureVector.all)
    func vector(_ vector: SignatureVector) {
        let computed = TwilioSignature.signature(url: vector.url, parameters: vector.parameters, authToken: vector.authToken)
        #expect(computed == vector.signature)
        #expect(TwilioSignature.isValid(vector.signature, url: vector.url, parameters: vector.parameters, authToken: vector.authToken))
    }

    @Test("the order of parameters in the body does not matter")
    func parameterOrder() throws {
        let vector = try #require(SignatureVector.all.first)
        let reversed = Array(vector.parameters.reversed())
        #expect(TwilioSignature.isValid(vector.signature, url: vector.url, parameters: reversed, authToken: vector.authToken))
    }

    @Test("a changed value, URL, token or signature fails")
    func tampering() throws {
        let vector = try #require(SignatureVector.all.first)
        var changed = vector.parameters
        changed[0].1 += "0"
        #expect(!TwilioSignature.isValid(vector.signature, url: vector.url, parameters: changed, authToken: vector.authToken))
        #expect(!TwilioSignature.isValid(vector.signature, url: vector.url + "&x=1", parameters: vector.parameters, authToken: vector.authToken))
        #expect(!TwilioSignature.isValid(vector.signature, url: vector.url, parameters: vector.parameters, authToken: "54321"))
        #expect(!TwilioSignature.isValid("", url: vector.url, parameters: vector.parameters, authToken: vector.authToken))
        #expect(!TwilioSignature.isValid("not base64!", url: vector.url, parameters: vector.parameters, authToken: vector.authToken))
        let extra = vector.parameters + [("Body", "hi")]
        #expect(!TwilioSignature.isValid(vector.signature, url: vector.url, parameters: extra, authToken: vector.authToken))
    }

    @Test("values alike to the eye but not in bytes are two values, as Twilio signs them")
    func canonicallyEquivalentValuesAreDistinct() {
        let url = "https://mycompany.com/webhooks/twilio/status"
        let parameters = [("k", "e\u{301}"), ("k", "\u{E9}"), ("K", "\u{212A}")]
        // Twilio's payload: the URL, then each pair as key and value, sorted by code point; nothing merged.
        let payload = url + "K\u{212A}" + "ke\u{301}" + "k\u{E9}"
        let expected = Data(HMAC<Insecure.SHA1>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: Data("token".utf8))))
        #expect(TwilioSignature.isValid(expected.base64EncodedString(), url: url, parameters: parameters, authToken: "token"))
        #expect(TwilioSignature.signature(url: url, parameters: parameters, authToken: "token") == expected.base64EncodedString())
    }

    @Test("a signature over the URL with its default port also matches the URL without it, and back")
    func defaultPorts() throws {
        let withPort = try #require(SignatureVector.all.first { $0.url.hasPrefix("https://mycompany.com:443/") })
        let bare = withPort.url.replacingOccurrences(of: ":443", with: "")
        #expect(TwilioSignature.isValid(withPort.signature, url: bare, parameters: withPort.parameters, authToken: withPort.authToken))
        let plain = try #require(SignatureVector.all.first)
        let explicit = plain.url.replacingOccurrences(of: "mycompany.com/", with: "mycompany.com:443/")
        #expect(TwilioSignature.isValid(plain.signature, url: explicit, parameters: plain.parameters, authToken: plain.authToken))
        let otherPort = try #require(SignatureVector.all.first { $0.url.contains(":1234/") })
        let moved = otherPort.url.replacingOccurrences(of: ":1234", with: "")
        #expect(!TwilioSignature.isValid(otherPort.signature, url: moved, parameters: otherPort.parameters, authToken: otherPort.authToken))
    }
}

@Suite("Form bodies")
struct FormBodyTests {
    @Test("plus is a space, percent escapes are bytes, order and repeats are kept")
    func parse() {
        let fields = FormBody.parse("Body=Hi+there%21&To=whatsapp%3A%2B919876543210&Digits=5&Digits=1&Empty=&Bare")
        #expect(fields.map(\.0) == ["Body", "To", "Digits", "Digits", "Empty", "Bare"])
        #expect(fields.map(\.1) == ["Hi there!", "whatsapp:+919876543210", "5", "1", "", ""])
        #expect(FormBody.parse("").isEmpty)
        #expect(FormBody.parse("Bad=100%").map(\.1) == ["100%"])
    }

    @Test("encoding escapes everything but unreserved characters and reads back the same")
    func roundTrip() {
        let fields = [("To", "whatsapp:+919876543210"), ("Body", "Tue 24 Nov, 3:00 PM (IST) & more = ✓\nok")]
        let encoded = FormBody.encode(fields)
        #expect(encoded.hasPrefix("To=whatsapp%3A%2B919876543210&Body=Tue%2024%20Nov%2C"))
        let decoded = FormBody.parse(encoded)
        #expect(decoded.map(\.0) == fields.map(\.0) && decoded.map(\.1) == fields.map(\.1))
    }

    @Test("encoding writes what Foundation's percent encoding writes")
    func encodesAsFoundation() {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let pieces = ["a", "Z", "0", "-", ".", "_", "~", " ", "+", "%", "&", "=", "/", ":", "é", "✓", "👋🏽", "\n", "\u{0}", "\u{7F}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let foundation = text.addingPercentEncoding(withAllowedCharacters: unreserved)!
            #expect(FormBody.encode([(text, text)]) == foundation + "=" + foundation, "\(text.debugDescription)")
        }
    }

    /// Foundation's one difference is left out: it drops a leading byte order mark (`%EF%BB%BF`),
    /// which Twilio keeps in the text it signs, and so does `FormBody` (see the test below).
    @Test("each field reads as Foundation's percent decoding reads it, stray percent signs included")
    func sameAsFoundation() {
        var generator = SystemRandomNumberGenerator()
        // Whole escapes, and stray `%` that no following piece can complete into a byte.
        let pieces = ["z", "x", "+", "%20", "%41", "%2B", "%2b", "%C3%A9", "%E2%9C%93", "%", "%G1", " ", "~", "é", "✓", "q", "\n"]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let spaced = text.replacingOccurrences(of: "+", with: " ")
            #expect(FormBody.decode(Substring(text)) == (spaced.removingPercentEncoding ?? spaced), "\(text)")
        }
    }

    @Test("a leading byte order mark is kept, as Twilio signs it")
    func byteOrderMarkKept() {
        #expect(FormBody.decode("%EF%BB%BFabc") == "\u{FEFF}abc")
    }
}
