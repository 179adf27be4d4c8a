/// A failure the Google emulator can answer with instead of doing the work.
public enum GoogleFault: Sendable, Equatable {
    /// `403` with reason `rateLimitExceeded`, Google's most common throttle.
    case rateLimit403
    /// `429` with `Retry-After: 1`.
    case tooManyRequests429
    /// `403` with reason `forbidden`: a permission problem, which no retry fixes.
    case forbidden403
    /// `500` with reason `backendError`.
    case serverError500
    /// The request is held this long before it is served normally.
    case slow(Duration)
}

/// How many requests the emulator has seen, so tests can assert that retries happened.
public struct GoogleRequestCounts: Sendable, Equatable {
    /// Calendar API requests, faulted and refused ones included.
    public var api = 0
    /// Requests to the token endpoint, refused ones included.
    public var token = 0
    /// API requests answered with an injected fault (a slow one counts too).
    public var faulted = 0
    /// Event listings (each page one), that is, the syncs a client ran.
    public var listings = 0
}

/// The faults waiting for the next API requests, a random fault rate, and the request counters.
actor FaultPlan {
    private var script: [GoogleFault] = []
    private var randomRate = 0.0
    /// How long every write (`PATCH`, `POST`, `DELETE`) takes, as Google's do (100 to 300 ms).
    private(set) var writeLatency: Duration = .zero

    func setWriteLatency(_ latency: Duration) {
        writeLatency = latency
    }
    private(set) var counts = GoogleRequestCounts()

    func append(_ faults: [GoogleFault]) {
        script += faults
    }

    func setRandomRate(_ rate: Double) {
        randomRate = min(max(rate, 0), 1)
    }

    func countTokenRequest() {
        counts.token += 1
    }

    func countAPIRequest(isListing: Bool = false) {
        if isListing { counts.listings += 1 }
        counts.api += 1
    }

    /// The fault for an authenticated API request: the next scripted one, else maybe a random one.
    func nextFault() -> GoogleFault? {
        let fault: GoogleFault?
        if !script.isEmpty {
            fault = script.removeFirst()
        } else if randomRate > 0, Double.random(in: 0..<1) < randomRate {
            fault = [.rateLimit403, .tooManyRequests429, .serverError500].randomElement()
        } else {
            fault = nil
        }
        if fault != nil { counts.faulted += 1 }
        return fault
    }
}
