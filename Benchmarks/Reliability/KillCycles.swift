import BenchmarkSupport
import Emulators
import Foundation

/// `kill -9` at random moments while `serve` works through a burst, restarted each time on the
/// same database, as a power cut or the OOM killer would do it. Then one more `serve` finishes the
/// work and a `sync` pass shows whether anything was left undone. Goal: 0 lost, 0 duplicated.
struct KillCycles {
    let kills: Int
    let sessions: Int
    /// Through Meta's Cloud API instead of Twilio: an unclear send is settled by its status, which
    /// the emulator posts again until a restarted service takes it.
    var meta = false

    func run() async throws -> Bool {
        let bench = try await BenchEmulators.start(meta: meta)
        // Write-backs take as long as Google's do, so kills land during them too.
        await bench.google.setWriteLatency(.milliseconds(150))
        await bench.twilio.setSendLatency(.milliseconds(20))
        try await bench.createSessions(sessions)
        let environment = bench.environment(["POLL_INTERVAL": "1h", "GOOGLE_PUSH": "off", "SEND_CONCURRENCY": "8"])

        var killedAt: [Int] = []
        for _ in 0..<kills {
            let serve = try ServeProcess(environment: environment, port: bench.port)
            // Somewhere between start-up (database open, first sync) and well into sending.
            try await Task.sleep(for: .milliseconds(Int.random(in: 30...700)))
            serve.kill()
            killedAt.append(await bench.sentMessages().count)
        }
        let last = try ServeProcess(environment: environment, port: bench.port)
        // With Meta, a send cut off before it left has no status to come: it goes once the
        // 15-minute wait for one is over (README: what is promised for unclear sends).
        try await waitFor("a message to every attendee", within: .seconds(meta ? 1_500 : 600)) {
            Set(await bench.sentMessages().map(\.to)).count >= sessions
        }
        // Graceful stop: what is in flight finishes; delivery reports posted while `serve` was
        // down are lost, as with real Twilio, and do not matter here.
        last.stop()
        // A last pass on its own: anything still owed would go now, and be counted.
        let sync = try ServeProcess(environment: environment, port: bench.port, command: ["sync"])
        let status = sync.waitUntilExit()

        let messages = await bench.sentMessages()
        let result = MessageTally.burst(messages, sessions: sessions)
        let attempts = meta ? messages.count : await bench.twilio.requestCounts.sendAttempts
        print("""
            kill -9 cycles\(meta ? " (Meta)" : ""): \(kills) kills during a burst of \(sessions) sessions; messages accepted at each kill: \
            \(killedAt.map(String.init).joined(separator: " "))
            | kills | sessions | messages accepted | send requests | lost | duplicated | unexpected | last sync exit |
            | --- | --- | --- | --- | --- | --- | --- | --- |
            | \(kills) | \(sessions) | \(messages.count) | \(attempts) | \(result.lost) | \(result.duplicated) | \(result.unexpected) | \(status) |
            """)
        await bench.stop()
        return result.lost == 0 && result.duplicated == 0 && result.unexpected == 0 && status == 0
    }
}
