public import Foundation
import Crypto
import _CryptoExtras

/// Fernet tokens exactly as specified (github.com/fernet/spec) and as Python's
/// `cryptography.fernet` reads and writes them: `0x80 ‖ timestamp ‖ IV ‖ AES-128-CBC ciphertext ‖ HMAC-SHA256`.
///
/// Several keys may be given for rotation: the first encrypts, every one is tried to decrypt.
public struct Fernet: Sendable {
    /// Tokens stamped further than this in the future are refused (the reference's `_MAX_CLOCK_SKEW`).
    public static let maxClockSkew: Int64 = 60

    private static let version: UInt8 = 0x80
    private static let headerSize = 1 + 8 + 16
    private static let macSize = 32

    public let keys: [FernetKey]
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - keys: at least one key; the first encrypts.
    ///   - now: the clock, injectable so that tests can stand at any instant.
    public init(keys: [FernetKey], now: @escaping @Sendable () -> Date = Date.init) {
        precondition(!keys.isEmpty, "Fernet needs at least one key")
        self.keys = keys
        self.now = now
    }

    /// Encrypts `plaintext` with the first key, a fresh random IV and the current time.
    public func encrypt(_ plaintext: some DataProtocol) -> String {
        encrypt(plaintext, at: now(), iv: Array(AES._CBC.IV()))
    }

    /// Encrypts with a given time and IV; only the spec's generation vectors need this.
    package func encrypt(_ plaintext: some DataProtocol, at date: Date, iv: [UInt8]) -> String {
        let key = keys[0]
        var token = Data([Self.version])
        withUnsafeBytes(of: UInt64(Self.seconds(date)).bigEndian) { token.append(contentsOf: $0) }
        token.append(contentsOf: iv)
        // AES-CBC with PKCS#7 padding cannot fail for a 16-byte key and a 16-byte IV.
        let cbcIV = try! AES._CBC.IV(ivBytes: iv)
        token.append(try! AES._CBC.encrypt(plaintext, using: key.encryptionKey, iv: cbcIV))
        token.append(contentsOf: HMAC<SHA256>.authenticationCode(for: token, using: key.signingKey))
        return Base64URL.encode(token)
    }

    /// Decrypts a token, refusing it when it is malformed, forged, older than `ttl` seconds,
    /// or stamped more than a minute in the future.
    public func decrypt(_ token: String, ttl: Int64? = nil) throws(FernetError) -> Data {
        try decryptWithTimestamp(token, ttl: ttl).plaintext
    }

    /// Decrypts a token and also returns the instant it was made.
    public func decryptWithTimestamp(
        _ token: String, ttl: Int64? = nil
    ) throws(FernetError) -> (plaintext: Data, issuedAt: Date) {
        guard let data = Base64URL.decode(token),
              data.count > Self.headerSize + Self.macSize,
              (data.count - Self.headerSize - Self.macSize) % 16 == 0,
              data[data.startIndex] == Self.version
        else { throw .invalidToken }
        let bytes = [UInt8](data)
        let timestamp = bytes[1..<9].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard timestamp <= UInt64(Int64.max) else { throw .invalidToken }
        let issued = Int64(timestamp)
        let current = Self.seconds(now())
        if let ttl, issued + ttl < current { throw .invalidToken }
        if current + Self.maxClockSkew < issued { throw .invalidToken }

        let signed = bytes[..<(bytes.count - Self.macSize)]
        let mac = bytes[(bytes.count - Self.macSize)...]
        for key in keys {
            guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: signed, using: key.signingKey)
            else { continue }
            guard let iv = try? AES._CBC.IV(ivBytes: bytes[9..<Self.headerSize]),
                  let plaintext = try? AES._CBC.decrypt(
                      bytes[Self.headerSize..<signed.endIndex], using: key.encryptionKey, iv: iv)
            else { throw .invalidToken }
            return (plaintext, Date(timeIntervalSince1970: TimeInterval(issued)))
        }
        throw .invalidToken
    }

    private static func seconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }
}
