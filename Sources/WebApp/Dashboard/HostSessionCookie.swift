import Crypto
import Fernet
import Foundation
import Hummingbird
import Notifier

/// The dashboard's login (DESIGN.md §19): a signed, expiring session cookie holding its expiry and
/// a random id, signed with a key derived from the password and the link key (changing either logs
/// everyone out). The id must also be open on the server (`host_sessions`): logging out closes it
/// for good. Compared in constant time; `HttpOnly`, `SameSite=Strict`, `Secure` on https.
struct HostSessionCookie: Sendable {
    static let name = "gw_host"
    static let lifetime: TimeInterval = 12 * 3_600

    let key: SymmetricKey
    /// Names the key without revealing it: server-side sessions are bound to it.
    let fingerprint: String
    let secure: Bool

    init(password: String, linkKey: String, secure: Bool) {
        key = SymmetricKey(data: SHA256.hash(data: Data("host-session\u{0}\(password)\u{0}\(linkKey)".utf8)))
        fingerprint = Base64URL.encode(Data(HMAC<SHA256>.authenticationCode(for: Data("fingerprint".utf8), using: key)))
        self.secure = secure
    }

    /// The random id inside a cookie value.
    static func id(of session: String) -> String {
        session.split(separator: ".").dropFirst().first.map(String.init) ?? ""
    }

    static func expiry(of session: String) -> Date {
        Date(timeIntervalSince1970: session.split(separator: ".").first.flatMap { TimeInterval($0) } ?? 0)
    }

    /// A new session's cookie value: `<expiry>.<random id>.<signature>`.
    func issue(now: Date) -> String {
        let payload = "\(Int(now.timeIntervalSince1970 + Self.lifetime)).\(ShortLink.randomCode())\(ShortLink.randomCode())"
        return payload + "." + sign(payload)
    }

    /// The `Set-Cookie` header for a value; an empty value with no lifetime logs out.
    func header(_ value: String) -> String {
        let age = value.isEmpty ? 0 : Int(Self.lifetime)
        return "\(Self.name)=\(value); Path=/host; Max-Age=\(age); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// The session in the request, if its signature holds and it has not expired.
    func session(in request: Request, now: Date) -> String? {
        guard let value = request.cookies[Self.name]?.value else { return nil }
        let parts = value.split(separator: ".")
        guard parts.count == 3, let expiry = TimeInterval(parts[0]), expiry > now.timeIntervalSince1970,
              let signature = Base64URL.decode(parts[2]),
              HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Data("\(parts[0]).\(parts[1])".utf8), using: key)
        else { return nil }
        return value
    }

    /// The form value every dashboard `POST` must carry: bound to the session, so another site
    /// cannot make one even with the cookie sent along.
    func csrf(for session: String) -> String {
        sign("csrf." + session)
    }

    func isValidCSRF(_ value: String?, for session: String) -> Bool {
        guard let value, let given = Base64URL.decode(value) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Data(("csrf." + session).utf8), using: key)
    }

    private func sign(_ text: String) -> String {
        Base64URL.encode(Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
    }

    /// The password as typed against the one set, in time that does not depend on where they differ.
    static func matches(_ typed: String, _ password: String) -> Bool {
        let typedHash = SHA256.hash(data: Data(typed.utf8)), passwordHash = SHA256.hash(data: Data(password.utf8))
        return zip(Array(typedHash), Array(passwordHash)).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// At most 5 wrong passwords a minute from one client address; after that every try from it is
/// refused, the right password too, until the minute is over. The table holds at most `capacity`
/// addresses: when full, the one least recently seen is forgotten.
actor LoginThrottle {
    static let limit = 5
    static let capacity = 4_096
    private var failures: [String: (times: [Date], seen: Date)] = [:]

    func isBlocked(_ client: String, now: Date) -> Bool {
        let recent = (failures[client]?.times ?? []).filter { now.timeIntervalSince($0) < 60 }
        failures[client] = recent.isEmpty ? nil : (recent, now)
        return recent.count >= Self.limit
    }

    func recordFailure(_ client: String, now: Date) {
        if failures[client] == nil, failures.count >= Self.capacity,
           let oldest = failures.min(by: { $0.value.seen < $1.value.seen })?.key {
            failures[oldest] = nil
        }
        failures[client] = ((failures[client]?.times ?? []) + [now], now)
    }

    var size: Int { failures.count }
}
