import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The peers whose `X-Real-IP` / `X-Forwarded-For` are believed (`TRUSTED_PROXIES`, DESIGN.md
/// §19-§22): anyone reaching the service directly could otherwise name any client address, slip
/// past the login limit, or lock the host out by naming theirs.
public struct TrustedProxies: Sendable, Equatable {
    public let ranges: [IPRange]

    public init(_ ranges: [IPRange]) {
        self.ranges = ranges
    }

    /// Loopback, for a service listening on loopback behind the shipped Caddy or nginx config.
    public static let loopback = TrustedProxies([IPRange("127.0.0.0/8")!, IPRange("::1/128")!])
    public static let none = TrustedProxies([])

    public func contains(_ address: String) -> Bool {
        guard let parsed = IPRange.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(parsed) }
    }

    /// The client of a request that arrived from `peer`: the address a trusted proxy names, else
    /// the peer itself. Only a well-formed IP address is ever returned, so a header can neither
    /// grow the login limit's table without bound nor put text of its own into the log.
    public func client(peer: String?, realIP: String?, forwardedFor: String?) -> String {
        guard let peer = peer.flatMap(IPRange.canonical) else { return "unknown" }
        guard contains(peer) else { return peer }
        if let realIP = realIP.flatMap(IPRange.canonical) { return realIP }
        // X-Forwarded-For grows to the right: the last address no trusted proxy added is the client.
        let hops = (forwardedFor ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard let address = IPRange.canonical(hop) else { return peer }
            if !contains(address) { return address }
        }
        return peer
    }
}

/// An IPv4 or IPv6 address, or a CIDR block of them: `203.0.113.7`, `10.0.0.0/8`, `::1`, `fd00::/8`.
public struct IPRange: Sendable, Equatable, CustomStringConvertible {
    let network: [UInt8]
    let prefix: Int
    public let description: String

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let bytes = Self.bytes(of: first) else { return nil }
        let bits = bytes.count * 8
        let prefix = parts.count == 2 ? Int(parts[1]) : bits
        guard let prefix, (0...bits).contains(prefix) else { return nil }
        network = bytes
        self.prefix = prefix
        description = text
    }

    func contains(_ address: [UInt8]) -> Bool {
        guard address.count == network.count else { return false }
        var remaining = prefix
        for (mine, theirs) in zip(network, address) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if mine & mask != theirs & mask { return false }
            remaining -= 8
        }
        return true
    }

    /// The address's bytes (4 or 16), or nil when it is not an IP address.
    static func bytes(of text: String) -> [UInt8]? {
        guard text.count <= 45 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            // An IPv4 client seen through an IPv6 socket (::ffff:203.0.113.7) is that IPv4 client.
            if bytes.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] { return Array(bytes.suffix(4)) }
            return bytes
        }
        return nil
    }

    /// The address written one way only (`2001:db8::1`, `203.0.113.7`), or nil when it is not one.
    static func canonical(_ text: String) -> String? {
        guard let bytes = bytes(of: text) else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBufferPointer { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        guard written != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
