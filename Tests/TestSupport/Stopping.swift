/// `body`'s value, once `stop` has run, whether `body` returned or threw: what a test starts (an
/// emulator, a server) never outlives it, and a failure still says what failed.
public func stopping<Value>(_ stop: () async -> Void, after body: () async throws -> Value) async throws -> Value {
    let value: Value
    do {
        value = try await body()
    } catch {
        await stop()
        throw error
    }
    await stop()
    return value
}
