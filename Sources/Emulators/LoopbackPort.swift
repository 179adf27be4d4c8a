#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A free loopback port, for a server whose own address must be in its settings before it starts
/// (`PUBLIC_BASE_URL`): the sandbox's `--port 0`, and the tests. The OS picks it (port 0) and it is
/// released at once for the server to bind.
public enum LoopbackPort {
    public struct Unavailable: Error {}

    /// A port on 127.0.0.1 that nothing listens on right now.
    public static func free() throws -> Int {
        let (fd, port) = try bindAnyPort()
        close(fd)
        return port
    }

    /// A socket bound (not listening) to a port the OS picks on 127.0.0.1, and that port.
    static func bindAnyPort() throws -> (descriptor: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Unavailable() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else {
            close(fd)
            throw Unavailable()
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A port on 127.0.0.1 that refuses connections for as long as the value is kept: bound, never
    /// listening, so no other server (a parallel test's) can take it meanwhile. For tests of "nothing
    /// listens there": a port merely found free may be reused by another server before it is tried.
    public final class Refusing: Sendable {
        public let port: Int
        private let descriptor: Int32

        public init() throws {
            (descriptor, port) = try LoopbackPort.bindAnyPort()
        }

        deinit { close(descriptor) }
    }

    /// Whether `port` on 127.0.0.1 can be bound right now by a server, which sets `SO_REUSEADDR`
    /// as Radicale and NIO do: connections of a server just stopped, lingering in TIME_WAIT, do
    /// not keep it from a new one.
    public static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 }
        }
    }
}
