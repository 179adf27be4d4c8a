import ClientSupport
import Crypto
import Foundation

/// The emulator's own handling of Calendly's wire formats: ids, times, query strings and webhook
/// signatures. Written apart from the `Calendly` client on purpose, so that a mistake in one is
/// caught by the other instead of being shared.
enum CalendlyWire {
    /// A new id shaped like Calendly's: 16 upper-case letters and digits.
    static func uuid() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<16).map { _ in alphabet.randomElement()! })
    }

    /// `2026-11-26T09:30:00.000000Z`, the form of the API's and the webhooks' times.
    static func apiTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        let micros = (parts.nanosecond ?? 0) / 1000
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                      parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, micros)
    }

    /// `2026-11-26T15:00:00+05:30`, the form of the redirect's times: the wall time where the invitee is.
    static func localTime(_ date: Date, in zone: TimeZone) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: zone).timeZoneSeparator(.colon))
    }

    /// An instant from a form or a test: ISO 8601, with `Z` or an offset.
    static func instant(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle().parse(text)
    }

    /// Pairs of a form body or query string, in order; `+` is a space, as browsers send forms.
    static func formFields(_ text: String) -> [(String, String)] {
        FormText.fields(text)
    }

    /// A query string escaped as Calendly's redirect is: `%20` for spaces, `%2B` for pluses, colons as they are.
    static func queryText(_ fields: [(String, String)]) -> String {
        FormText.text(fields, alsoAllowed: ":")
    }

    /// `t=<unix seconds>,v1=<hex of HMAC-SHA256 under the signing key of "<t>.<body>">`.
    static func signatureHeader(body: Data, signingKey: String, at date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970)
        var signed = Data("\(seconds).".utf8)
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(signingKey.utf8)))
        return "t=\(seconds),v1=" + Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// Text safe inside HTML element content and double-quoted attributes.
    static func html(_ text: String) -> String {
        HTMLEscape.text(text)
    }
}
