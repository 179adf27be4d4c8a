import Crypto
import Foundation

/// A provider's message id as the log shows it. A Twilio SID (`SM` and 32 hex digits) names the
/// message alone and is shown as it is, to be looked up in Twilio's console. Meta's ids carry the
/// recipient's number in base64 (`wamid.HBgL…`), and the log never shows a number unmasked: any
/// other id is shown as a short hash, the same in every line about that message.
enum LoggedMessageID {
    static func shown(_ id: String) -> String {
        if isTwilioSID(id) { return id }
        let digest = SHA256.hash(data: Data(id.utf8))
        return "hash:" + digest.prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    private static func isTwilioSID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count == 34, bytes[0...1].allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else { return false }
        return bytes[2...].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }
}
