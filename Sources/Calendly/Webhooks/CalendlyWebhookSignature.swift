public import Foundation
import Crypto

/// Calendly's `Calendly-Webhook-Signature` header, `t=<unix seconds>,v1=<hex HMAC-SHA256>`, where
/// the MAC is keyed with the subscription's signing key and covers `"<t>.<raw body>"`. Signing the
/// time with the body is what lets a receiver refuse a replayed request.
public enum CalendlyWebhookSignature {
    /// The header's name, as Calendly sends it.
    public static let headerName = "Calendly-Webhook-Signature"
    /// Calendly's advice: refuse requests signed more than three minutes ago.
    public static let defaultTolerance: TimeInterval = 180

    /// The header value Calendly would send for `body` signed at `timestamp` (to the second).
    public static func sign<Body: DataProtocol>(body: Body, signingKey: String, timestamp: Date) -> String {
        let seconds = Int64(timestamp.timeIntervalSince1970.rounded(.down))
        let code = HMAC<SHA256>.authenticationCode(for: signedText(seconds: seconds, body: body), using: key(signingKey))
        return "t=\(seconds),v1=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Checks `header` against `body`: present, well formed, signed within `tolerance` of `now`
    /// (either way, so a far-future time cannot outlive the window), and by `signingKey`. The MAC
    /// is compared in constant time. Returns the signing time; throws `CalendlySignatureError` only.
    @discardableResult
    public static func verify<Body: DataProtocol>(
        header: String?, body: Body, signingKey: String, now: Date = Date(), tolerance: TimeInterval = defaultTolerance
    ) throws -> Date {
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else { throw CalendlySignatureError.missing }
        let parsed = try SignatureHeader(header)
        let signedAt = Date(timeIntervalSince1970: TimeInterval(parsed.seconds))
        guard abs(now.timeIntervalSince(signedAt)) <= tolerance else { throw CalendlySignatureError.stale }
        let text = signedText(seconds: parsed.seconds, body: body)
        let key = key(signingKey)
        // Several `v1` values may come during a key rotation; any one of them will do.
        guard parsed.codes.contains(where: { HMAC<SHA256>.isValidAuthenticationCode($0, authenticating: text, using: key) }) else {
            throw CalendlySignatureError.mismatch
        }
        return signedAt
    }

    private static func signedText<Body: DataProtocol>(seconds: Int64, body: Body) -> Data {
        var text = Data("\(seconds).".utf8)
        text.append(contentsOf: body)
        return text
    }

    private static func key(_ signingKey: String) -> SymmetricKey {
        SymmetricKey(data: Data(signingKey.utf8))
    }
}

/// Why a webhook's signature was refused. None of them says which part of the secret was wrong.
public enum CalendlySignatureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `Calendly-Webhook-Signature` header, or an empty one.
    case missing
    /// Not `t=<digits>,v1=<64 hex digits>`.
    case malformed
    /// Signed longer ago than the tolerance, or as far in the future.
    case stale
    /// Well formed and recent, but not made with this signing key over this body.
    case mismatch

    public var description: String {
        switch self {
        case .missing: "no Calendly-Webhook-Signature header"
        case .malformed: "the Calendly-Webhook-Signature header is malformed"
        case .stale: "the webhook was signed too long ago (or in the future)"
        case .mismatch: "the webhook signature does not match"
        }
    }
}

/// The parts of `t=…,v1=…`; order does not matter and unknown schemes (`v0=…`) are ignored.
private struct SignatureHeader {
    let seconds: Int64
    let codes: [Data]

    init(_ header: String) throws(CalendlySignatureError) {
        var seconds: Int64?
        var codes: [Data] = []
        for element in header.split(separator: ",") {
            let pair = element.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { throw .malformed }
            let name = pair[0].trimmingCharacters(in: .whitespaces)
            let value = pair[1].trimmingCharacters(in: .whitespaces)
            switch name {
            case "t":
                guard seconds == nil, !value.isEmpty, value.allSatisfy(\.isASCIIDigit), let parsed = Int64(value) else { throw .malformed }
                seconds = parsed
            case "v1":
                guard let code = Self.hexBytes(value), code.count == SHA256.byteCount else { throw .malformed }
                codes.append(code)
            default:
                continue
            }
        }
        guard let seconds, !codes.isEmpty else { throw .malformed }
        self.seconds = seconds
        self.codes = codes
    }

    private static func hexBytes(_ text: String) -> Data? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes = Data(capacity: digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
