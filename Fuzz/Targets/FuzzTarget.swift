import Calendly
import Fernet
import Foundation
import Notifier
import Twilio

/// One parser of outside input per case (DESIGN.md §21), each fed arbitrary bytes. Besides not
/// crashing, each checks what must hold of any input: a parse survives re-encoding, a forged
/// signature or token is refused, a number found in a text is a valid E.164 number.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case form, twilioSignature = "twilio-signature", calendlySignature = "calendly-signature"
    case linkToken = "link-token", phone, calendlyJSON = "calendly-json", reply

    /// A test key, only for fuzzing: nothing real is signed with it.
    static let testKey = try! FernetKey(base64URL: "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=")
    static let codec = LinkTokenCodec(keys: [testKey])
    static let authToken = "fuzz-test-auth-token"

    public func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .form:
            let fields = FormBody.parse(text)
            let again = FormBody.parse(FormBody.encode(fields))
            check(again.map(\.0) == fields.map(\.0) && again.map(\.1) == fields.map(\.1), "form fields change when re-encoded")
        case .twilioSignature:
            // The input is a form body; its first line, when it has several, is the signature to check.
            let (header, body) = Self.split(text)
            let fields = FormBody.parse(body)
            let url = "https://book.example.com/webhooks/twilio/status"
            let genuine = TwilioSignature.signature(url: url, parameters: fields, authToken: Self.authToken)
            check(TwilioSignature.isValid(genuine, url: url, parameters: fields, authToken: Self.authToken), "a genuine signature is refused")
            check(header == genuine || !TwilioSignature.isValid(header, url: url, parameters: fields, authToken: Self.authToken),
                  "a forged signature is accepted")
        case .calendlySignature:
            let (header, body) = Self.split(text)
            let now = Date(timeIntervalSince1970: 1_780_000_000)
            let genuine = CalendlyWebhookSignature.sign(body: Data(body.utf8), signingKey: "fuzz-key", timestamp: now)
            check((try? CalendlyWebhookSignature.verify(header: genuine, body: Data(body.utf8), signingKey: "fuzz-key", now: now)) != nil,
                  "a genuine Calendly signature is refused")
            if header != genuine {
                check((try? CalendlyWebhookSignature.verify(header: header, body: Data(body.utf8), signingKey: "fuzz-key", now: now)) == nil,
                      "a forged Calendly signature is accepted")
            }
        case .linkToken:
            // Only a token this key signed can be read; the fuzzer cannot forge one.
            check((try? Self.codec.read(urlOrToken: text)) == nil, "a token not signed with the key is accepted")
        case .phone:
            for code in [nil, CallingCode(region: "IN"), CallingCode(region: "US")] {
                let numbers = LocationNumbers(text, defaultCallingCode: code)
                for phone in numbers.phones {
                    check(PhoneNumber(e164: phone.e164) == phone, "a number read from a location is not valid E.164: \(phone.e164)")
                    _ = LocationNumbers.removing(phone, from: text, defaultCallingCode: code)
                }
            }
        case .calendlyJSON:
            _ = try? InviteeCreated.decode(data)
        case .reply:
            let (payload, body) = Self.split(text)
            _ = ReplyWord(body: body, buttonPayload: payload.isEmpty ? nil : payload)
        }
    }

    /// `header\nbody`: the first line and the rest (all of it, with an empty header, when there is one line).
    static func split(_ text: String) -> (String, String) {
        guard let newline = text.firstIndex(of: "\n") else { return ("", text) }
        return (String(text[..<newline]), String(text[text.index(after: newline)...]))
    }

    func check(_ condition: Bool, _ failure: @autoclosure () -> String) {
        if !condition { fatalError("\(rawValue): \(failure())") }
    }
}
