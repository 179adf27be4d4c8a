import TestSupport

/// `GET /healthz` over a plain loopback socket, one attempt, no pool: an HTTP client's pool waits
/// out a back-off (about a tenth of a second) after a refused connection before it tries again,
/// which is what the start-up benchmark measured while `serve` was not listening yet.
enum HealthProbe {
    /// The answer's status code; nil when nothing listens on `port` or no status line came.
    static func status(port: Int) -> Int? {
        guard let connection = try? RawConnection(port: port),
              connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        else { return nil }
        // `HTTP/1.1 200 OK`
        let parts = connection.firstLine().split(separator: " ")
        return parts.count >= 2 && parts[0].hasPrefix("HTTP/") ? Int(parts[1]) : nil
    }
}
