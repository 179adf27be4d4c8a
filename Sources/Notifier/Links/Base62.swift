/// Random base62 text: short link codes, feed codes, push channel tokens.
enum Base62 {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `count` characters, each equally likely. Bytes are drawn eight at a time from the system's
    /// generator (one `getrandom` call for eight instead of one a character: every message of a
    /// burst makes a code); a byte of 248 or more is thrown away, so that `% 62` favours no character.
    static func random(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            var word = generator.next()
            for _ in 0..<8 where bytes.count < count {
                let byte = UInt8(truncatingIfNeeded: word)
                word >>= 8
                if byte < 248 { bytes.append(alphabet[Int(byte % 62)]) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
