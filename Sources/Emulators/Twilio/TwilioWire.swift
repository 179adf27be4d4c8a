import Crypto
import Foundation

/// The emulator's own handling of Twilio's wire formats: form bodies, SIDs, RFC 2822 dates and
/// webhook signatures. Written apart from the `Twilio` client on purpose, so that a mistake in
/// one is caught by the other instead of being shared.
enum TwilioWire {
    /// Pairs of a form body or query string, in order; `+` is a space.
    static func formFields(_ text: String) -> [(String, String)] {
        FormText.fields(text)
    }

    static func formText(_ fields: [(String, String)]) -> String {
        FormText.text(fields)
    }

    /// A new SID such as `SM` and 32 lowercase hexadecimal digits.
    static func sid(_ prefix: String) -> String {
        prefix + (0..<32).map { _ in String(Int.random(in: 0..<16), radix: 16) }.joined()
    }

    /// `Sat, 21 Nov 2026 09:05:12 +0000`, the form of every Twilio timestamp.
    /// Written by hand: a `DateFormatter` per message made the emulator, not the service, the
    /// bottleneck of the burst benchmark.
    static func rfc2822(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][Int(parts.tm_wday)]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Int(parts.tm_mon)]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(day), \(two(parts.tm_mday)) \(month) \(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
    }

    /// `X-Twilio-Signature`: HMAC-SHA1 under the auth token of the URL as given, then each
    /// parameter's name and value, ordered by name and then value, byte by byte.
    static func signature(url: String, fields: [(String, String)], authToken: String) -> String {
        let ordered = fields.sorted { a, b in
            let (keyA, keyB) = (Array(a.0.utf8), Array(b.0.utf8))
            return keyA != keyB ? keyA.lexicographicallyPrecedes(keyB) : Array(a.1.utf8).lexicographicallyPrecedes(Array(b.1.utf8))
        }
        var signed = Data(url.utf8)
        for (name, value) in ordered {
            signed.append(contentsOf: Array(name.utf8) + Array(value.utf8))
        }
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: signed, using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// `whatsapp:+E164` → `+E164`, or nil for anything else: no prefix, no plus, a leading zero,
    /// fewer than 7 or more than 15 digits.
    static func whatsAppNumber(_ address: String) -> String? {
        guard address.hasPrefix("whatsapp:+") else { return nil }
        let digits = address.dropFirst("whatsapp:+".count)
        guard (7...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0" else { return nil }
        return "+" + digits
    }
}
