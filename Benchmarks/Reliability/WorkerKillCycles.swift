import BenchmarkSupport
import Emulators
import Foundation
import TestSupport

/// Several workers on one PostgreSQL database (DESIGN.md §27): a random worker is killed with
/// `kill -9` every few seconds during a burst and started again at once, as a machine lost and
/// replaced would be. Then every worker stops and a `sync` pass shows whether anything was left
/// undone. Goal: 0 lost, 0 duplicated, counted at the emulator. Needs `TEST_DATABASE_URL` (the
/// throwaway cluster `scripts/postgres/cluster.sh start DIR` prints); each run gets a database of
/// its own.
struct WorkerKillCycles {
    let workers: Int
    let sessions: Int
    /// Time between kills, drawn at random in this range.
    let every: ClosedRange<Int> = 1_000...3_000

    func run() async throws -> Bool {
        guard let database = try TestStore.createDatabase(forcing: true) else {
            print("kill -9 cycles with \(workers) workers: skipped, TEST_DATABASE_URL names no PostgreSQL server")
            return true
        }
        defer { TestStore.dropDatabase(database.name) }
        let bench = try await BenchEmulators.start()
        await bench.google.setWriteLatency(.milliseconds(150))
        await bench.twilio.setSendLatency(.milliseconds(20))
        try await bench.createSessions(sessions)
        // Every worker has its own port; Twilio's status callbacks go to the first one's address
        // (reports posted while it is down are lost, as with a real proxy's dead backend, and do
        // not matter here).
        let ports = try (0..<workers).map { _ in try LoopbackPort.free() }
        let shared = bench.environment(["POLL_INTERVAL": "2s", "GOOGLE_PUSH": "off", "SEND_CONCURRENCY": "8",
                                        "DATABASE_URL": database.url, "PUBLIC_BASE_URL": "http://127.0.0.1:\(ports[0])"])
        func start(_ index: Int) throws -> ServeProcess {
            var environment = shared
            environment["HTTP_PORT"] = String(ports[index])
            return try ServeProcess(environment: environment, port: ports[index])
        }
        var running = try (0..<workers).map(start)
        var kills = 0
        var killedAt: [Int] = []
        let started = ContinuousClock.now
        while Set(await bench.sentMessages().map(\.to)).count < sessions, ContinuousClock.now - started < .seconds(900) {
            try await Task.sleep(for: .milliseconds(Int.random(in: every)))
            let victim = Int.random(in: 0..<workers)
            running[victim].kill()
            kills += 1
            killedAt.append(await bench.sentMessages().count)
            running[victim] = try start(victim)
        }
        // A last stretch with no kills, for leases of killed workers to run out and be taken over.
        try await waitFor("a message to every attendee", within: .seconds(900)) {
            Set(await bench.sentMessages().map(\.to)).count >= sessions
        }
        for worker in running { worker.stop() }
        let sync = try ServeProcess(environment: shared, port: ports[0], command: ["sync"])
        let status = sync.waitUntilExit()

        let messages = await bench.sentMessages()
        let result = MessageTally.burst(messages, sessions: sessions)
        let attempts = await bench.twilio.requestCounts.sendAttempts
        let took = ContinuousClock.now - started
        print("""
            kill -9 cycles with \(workers) workers on PostgreSQL: \(kills) kills (one every \(every.lowerBound / 1_000)-\(every.upperBound / 1_000) s) \
            during a burst of \(sessions) sessions, \(took.components.seconds) s; messages accepted at each kill: \
            \(killedAt.map(String.init).joined(separator: " "))
            | workers | kills | sessions | messages accepted | send requests | lost | duplicated | unexpected | last sync exit |
            | --- | --- | --- | --- | --- | --- | --- | --- | --- |
            | \(workers) | \(kills) | \(sessions) | \(messages.count) | \(attempts) | \(result.lost) | \(result.duplicated) | \(result.unexpected) | \(status) |
            """)
        await bench.stop()
        return result.lost == 0 && result.duplicated == 0 && result.unexpected == 0 && status == 0
    }
}
