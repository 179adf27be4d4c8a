/// Polls `condition` until it gives a value; fails after a minute (a hang, not a slow machine).
/// Tests wait for conditions this way, never for a fixed time.
@discardableResult
public func eventually<Value>(_ what: String, within limit: Duration = .seconds(60),
                              _ condition: () async throws -> Value?) async throws -> Value {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if let value = try await condition() { return value }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw WaitTimedOut(what: what)
}

public struct WaitTimedOut: Error, CustomStringConvertible {
    public let what: String
    public var description: String { "gave up waiting: \(what)" }
}
