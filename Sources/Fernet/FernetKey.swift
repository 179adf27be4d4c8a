import Foundation
import Crypto

/// A Fernet key: 32 bytes, the first half signs (HMAC-SHA256), the second half encrypts (AES-128-CBC).
public struct FernetKey: Sendable {
    let signingKey: SymmetricKey
    let encryptionKey: SymmetricKey

    /// Reads a key in its usual form, 32 bytes in URL-safe base64 (44 characters with padding).
    public init(base64URL text: String) throws(FernetError) {
        guard let bytes = Base64URL.decode(text.trimmingCharacters(in: .whitespaces)),
              bytes.count == 32
        else { throw .invalidKey }
        self.init(bytes: bytes)
    }

    init(bytes: Data) {
        signingKey = SymmetricKey(data: bytes.prefix(16))
        encryptionKey = SymmetricKey(data: bytes.suffix(16))
    }

    /// A new random key.
    public static func generate() -> FernetKey {
        FernetKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// The key in URL-safe base64 with padding, the form Python's `Fernet(key)` accepts.
    public var base64URL: String {
        var bytes = signingKey.withUnsafeBytes { Data($0) }
        encryptionKey.withUnsafeBytes { bytes.append(contentsOf: $0) }
        return Base64URL.encode(bytes)
    }
}

/// A key prints as `FernetKey(<redacted>)` however it is printed (interpolation, `dump`, a
/// struct holding it), so that no log line can carry it.
extension FernetKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "FernetKey(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// Why a key or a token was refused. Deliberately coarse for tokens, as in the reference
/// implementation: telling a forger *which* check failed helps nobody but the forger.
public enum FernetError: Error, Equatable, Sendable {
    case invalidKey
    case invalidToken
}
